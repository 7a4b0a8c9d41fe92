using System.Management.Automation;
using Olares.Errors;
using Olares.Files;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Renames a file or folder on the server, in place (olares-cli's "files rename").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Rename, "OlaresItem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OlaresItem))]
    public sealed class RenameOlaresItemCommand : OlaresFilesCmdlet
    {
        /// <summary>The remote file or folder to rename.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>The new name (a name only: no '/' or '\').</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string NewName { get; set; } = string.Empty;

        /// <summary>Writes the renamed item.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var path = ParseRemoteOrWriteError(Path, strict: true);
            if (path == null) return;
            Try(() =>
            {
                var name = NewName.Trim();
                if (name.Length == 0 || name.IndexOf('/') >= 0 || name.IndexOf('\\') >= 0 || name == "." || name == "..")
                {
                    throw new OlaresArgumentException("OlaresInvalidName", "\"" + NewName + "\" is not a valid name: it must not be empty, '.', '..' or contain '/' or '\\'.", NewName);
                }

                EnsureNotProtected(path, "rename");
                var listing = Run(ct => Files.ListAsync(path.Parent!, ct));
                var item = listing.Find(path.Name) ?? throw FilesClient.NotFound(path);
                if (name == item.Name) throw new OlaresArgumentException("OlaresInvalidName", item.Path + " is already named \"" + name + "\".", NewName);
                if (listing.Find(name) != null) throw new OlaresRemoteItemExistsException(path.Parent!.Child(name, false).ToString(), "choose another name");
                if (!ShouldProcess(item.Path.ToString(), "Rename to " + name)) return;
                Run(ct => Files.RenameAsync(item, name, ct));
                if (PassThru)
                {
                    var renamed = path.Parent!.Child(name, item.IsDirectory);
                    WriteItem(Run(ct => Files.TryStatAsync(renamed, ct)) ?? new RemoteItem(renamed, item.IsDirectory, item.Size, item.Modified, item.Mode, item.IsSymlink, item.Type));
                }
            });
        }
    }
}
