using System.Management.Automation;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Creates a folder on the server (olares-cli's "files mkdir").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "OlaresFolder", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(OlaresItem))]
    public sealed class NewOlaresFolderCommand : OlaresFilesCmdlet
    {
        /// <summary>The remote folder to create, e.g. drive/Home/Projects/2024.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Creates missing parent folders too, and succeeds when the folder already exists.</summary>
        [Parameter]
        public SwitchParameter Parents { get; set; }

        protected override void ProcessRecord()
        {
            var path = ParseRemoteOrWriteError(Path, strict: true);
            if (path == null || !ShouldProcess(OnAccount(path.ToString()), "Create folder")) return;
            var parents = Parents.IsPresent;
            Try(() => WriteItem(Run(ct => Files.NewFolderAsync(path, parents, ct))));
        }
    }
}
