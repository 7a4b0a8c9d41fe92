using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Olares.Errors;
using Olares.Files;
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
        internal const int ProgressActivityId = 0x0F13E;

        private readonly List<RemotePath> _sources = new List<RemotePath>();

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
            foreach (var p in Path)
            {
                var path = ParseRemoteOrWriteError(p);
                if (path != null) _sources.Add(path);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_sources.Count > 0) Try(Paste);
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void Paste()
        {
            var destination = RemotePath.Parse(Destination);
            if (destination.IsReadOnlyVolumeLayer)
            {
                throw new OlaresArgumentException("OlaresReadOnlyLocation", "Cannot paste into " + destination + ": external/" + destination.Extend + "/ only lists volumes.", destination.ToString());
            }

            var existing = Run(ct => Files.TryStatAsync(destination, ct));
            var intoFolder = existing?.IsDirectory ?? false;
            if (existing == null && destination.IsDirectoryHint) throw new OlaresNotFoundException(destination + " (the destination folder)", destination.ToString());
            if (existing != null && !existing.IsDirectory) throw new OlaresRemoteItemExistsException(destination.ToString(), "remove it first or choose another destination");
            if (!intoFolder)
            {
                if (_sources.Count > 1) throw new OlaresArgumentException("OlaresInvalidDestination", "Several items need an existing destination folder: " + destination, destination.ToString());
                var parent = Run(ct => Files.TryStatAsync(destination.Parent!, ct));
                if (parent == null || !parent.IsDirectory) throw new OlaresNotFoundException(destination.Parent + " (the destination folder)", destination.Parent!.ToString());
            }

            var folder = intoFolder ? destination.AsDirectory() : destination.Parent!;
            var taken = new HashSet<string>(Run(ct => Files.ListAsync(folder, ct)).Items.Select(i => i.Name));
            var node = Run(ct => Files.ResolveNodeAsync(Node, new[] { destination }.Concat(_sources), ct));
            var verb = IsMove ? "move" : "copy";
            foreach (var source in _sources)
            {
                Try(() =>
                {
                    if (IsMove) EnsureNotProtected(source, "move");
                    else if (source.IsExtendRoot) throw new OlaresProtectedPathException(source.ToString(), "copy", "it is the root of " + source.FileType + "/" + source.Extend);
                    var item = Run(ct => Files.StatAsync(source, ct));
                    if (item.IsDirectory && !AllowsFolders)
                    {
                        throw OlaresItemTypeException.IsDirectory(item.Path.ToString(), "add -Recurse to copy it with everything in it");
                    }

                    var target = intoFolder ? folder.Child(item.Name, item.IsDirectory) : destination;
                    if (item.IsDirectory && item.Path.Contains(target))
                    {
                        throw new OlaresArgumentException("OlaresInvalidDestination", "Cannot " + verb + " " + item.Path + " into itself (" + target + ").", target.ToString());
                    }

                    if (taken.Contains(target.Name)) throw new OlaresRemoteItemExistsException(target.ToString(), "remove it first or choose another destination");
                    if (!ShouldProcess(item.Path.ToString(), (IsMove ? "Move to " : "Copy to ") + target)) return;
                    var task = Run(ct => Files.PasteAsync(node, IsMove, item, target, ct));
                    taken.Add(target.Name);
                    if (NoWait)
                    {
                        WriteObject(OlaresTask.From(task, verb, item.Path.ToString(), target.ToString(), Connection.Key));
                        return;
                    }

                    var what = (IsMove ? "Moving " : "Copying ") + item.Path + " to " + target;
                    Run(async ct =>
                    {
                        await Files.WaitTaskAsync(node, task.Id, what, t => OlaresProgressReporter.Report(new OlaresProgress
                        {
                            ActivityId = ProgressActivityId,
                            Activity = what,
                            StatusDescription = "Task " + t.Id + ": " + t.Status,
                            PercentComplete = t.Progress,
                        }), ct).ConfigureAwait(false);
                        OlaresProgressReporter.Report(new OlaresProgress { ActivityId = ProgressActivityId, Activity = what, Completed = true });
                    });
                    if (PassThru) WriteItem(Run(ct => Files.TryStatAsync(target, ct)) ?? new RemoteItem(target, item.IsDirectory, item.Size, null, 0, false, null));
                });
            }
        }
    }
}
