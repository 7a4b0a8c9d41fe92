using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Olares.Errors;
using Olares.Files;
using Olares.PowerShell.Completers;
using Olares.Profiles;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// Copy-OlaresItem and Move-OlaresItem: a paste task per source on the server (protocol §6.4), waited for unless
    /// -NoWait. The destination is a folder when it exists as one or ends with '/'; otherwise the new path of a
    /// single source. An existing target is refused, because the server would silently keep both under a new name;
    /// -Force replaces a file there (deleted first, then pasted), never a folder (<see cref="ExistingTargets"/>).
    /// </summary>
    public abstract class OlaresPasteCmdlet : OlaresRemoteItemsCmdlet
    {
        private readonly PerProfile<RemotePathPattern> _sources = new PerProfile<RemotePathPattern>();

        /// <summary>A remote folder to put the items in, or (for a single item) its new full path; taken as written.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RemotePathCompleter))]
        public string Destination { get; set; } = string.Empty;

        /// <summary>The files node that runs the task; chosen from the paths or the server's first node when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Node { get; set; }

        /// <summary>Returns the server task at once instead of waiting for it to finish.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary>Replaces a file that is already at a target: it is deleted, then the item is pasted. Folders are never replaced.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the new item when the task has finished.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected abstract bool IsMove { get; }

        /// <summary>Copy needs -Recurse for a folder; move does not.</summary>
        protected abstract bool AllowsFolders { get; }

        protected override void ProcessRecord()
        {
            ResolvedProfile? connection = null;
            if (!Try(() => connection = Connection)) return;
            foreach (var pattern in RecordPatterns()) _sources.Add(connection!, pattern);
        }

        protected override void EndProcessing()
        {
            try
            {
                // Each account pastes its own items, into the destination path on that account.
                foreach (var batch in _sources.Groups) WithConnection(batch.Key, () => Try(() => Paste(batch.Value)));
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void Paste(List<RemotePathPattern> patterns)
        {
            var destination = RemotePath.Parse(Destination);
            var listings = Files.NewListings();
            var sources = Expand(patterns, listings);
            if (sources.Count == 0) return;
            var request = new PasteRequest(sources, destination, IsMove) { AllowFolders = AllowsFolders, Node = Node, Force = Force };
            var plan = Run(ct => Files.PlanPasteAsync(request, ct, listings));
            foreach (var entry in plan.Entries)
            {
                if (entry.Error != null)
                {
                    WriteOlaresError(entry.Error);
                    continue;
                }

                var action = entry.Replaces != null
                    ? "Replace the file " + entry.Target + (IsMove ? " (move)" : " with a copy")
                    : (IsMove ? "Move to " : "Copy to ") + entry.Target;
                if (!ShouldProcess(OnAccount(entry.Item!.Path.ToString()), action)) continue;
                Try(() =>
                {
                    var task = Run(ct => Files.StartPasteAsync(plan, entry, ct));
                    if (NoWait)
                    {
                        WriteObject(OlaresTask.From(task, plan.Verb, entry.Item.Path.ToString(), entry.Target!.ToString(), Connection.Key));
                        return;
                    }

                    Run(ct => Files.WaitPasteAsync(plan, entry, task, ct));
                    if (PassThru) WriteItem(Run(ct => Files.PastedItemAsync(entry, ct)));
                });
            }
        }
    }
}
