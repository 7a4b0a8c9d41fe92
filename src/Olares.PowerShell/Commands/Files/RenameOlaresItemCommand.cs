using System.Management.Automation;
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
            var newName = NewName;
            Try(() =>
            {
                var plan = Run(ct => Files.PlanRenameAsync(path, newName, ct));
                if (!ShouldProcess(OnAccount(plan.Item.Path.ToString()), "Rename to " + plan.NewName)) return;
                var renamed = Run(ct => Files.RenameAsync(plan, ct));
                if (PassThru) WriteItem(renamed);
            });
        }
    }
}
