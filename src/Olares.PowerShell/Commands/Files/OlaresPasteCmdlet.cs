using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Olares.Errors;
using Olares.Files;
using Olares.Profiles;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// Copy-OlaresItem and Move-OlaresItem: a paste task per source on the server (protocol §6.4), waited for unless
    /// -NoWait. The destination is a folder when it exists as one or ends with '/'; otherwise the new path of a
    /// single source. An existing target is refused, because the server would silently keep both under a new name.
    /// </summary>
    public abstract class OlaresPasteCmdlet : OlaresFilesCmdlet
    {
        private readonly PerProfile<RemotePath> _sources = new PerProfile<RemotePath>();

        /// <summary>Remote files or folders.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>A remote folder to put the items in, or (for a single item) its new full path.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; } = string.Empty;

        /// <summary>The files node that runs the task; chosen from the paths or the server's first node when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Node { get; set; }

        /// <summary>Returns the server task at once instead of waiting for it to finish.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

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
            foreach (var p in Path)
            {
                var path = ParseRemoteOrWriteError(p);
                if (path != null) _sources.Add(connection!, path);
            }
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

        private void Paste(List<RemotePath> sources)
        {
            var request = new PasteRequest(sources, RemotePath.Parse(Destination), IsMove) { AllowFolders = AllowsFolders, Node = Node };
            var plan = Run(ct => Files.PlanPasteAsync(request, ct));
            foreach (var entry in plan.Entries)
            {
                if (entry.Error != null)
                {
                    WriteOlaresError(entry.Error);
                    continue;
                }

                if (!ShouldProcess(OnAccount(entry.Item!.Path.ToString()), (IsMove ? "Move to " : "Copy to ") + entry.Target)) continue;
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
