using System.Management.Automation;
using Olares.PowerShell.Completers;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Creates folders on the server (olares-cli's "files mkdir").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "OlaresFolder", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(OlaresItem))]
    public sealed class NewOlaresFolderCommand : OlaresFilesCmdlet
    {
        /// <summary>
        /// The remote folders to create, e.g. drive/Home/Projects/2024, taken exactly as written: nothing exists yet to
        /// match a wildcard against (as with New-Item), so -LiteralPath is another name for it.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("LiteralPath", "LP")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RemotePathCompleter))]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Creates missing parent folders too, and succeeds when the folder already exists (-Force, as New-Item has it, means the same).</summary>
        [Parameter]
        [Alias("Force")]
        public SwitchParameter Parents { get; set; }

        protected override void ProcessRecord()
        {
            var parents = Parents.IsPresent;
            foreach (var value in Path)
            {
                var path = ParseRemoteOrWriteError(value, strict: true);
                if (path == null || !ShouldProcess(OnAccount(path.ToString()), "Create folder")) continue;
                Try(() => WriteItem(Run(ct => Files.NewFolderAsync(path, parents, ct))));
            }
        }
    }
}
