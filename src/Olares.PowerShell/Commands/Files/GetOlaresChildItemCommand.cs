using System.Management.Automation;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Lists files and folders on the server (olares-cli's "files ls").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresChildItem")]
    [OutputType(typeof(OlaresItem))]
    public sealed class GetOlaresChildItemCommand : OlaresFilesCmdlet
    {
        public const string DefaultPath = "drive/Home";

        /// <summary>A remote path such as drive/Home/Documents; drive/Home when omitted. A file lists itself.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Lists the contents of every subfolder too.</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        protected override void ProcessRecord()
        {
            var path = ParseRemoteOrWriteError(Path ?? DefaultPath);
            if (path == null) return;
            var recurse = Recurse.IsPresent;
            Try(() => RunStreaming((ct, post) => Files.ListAsync(path, recurse, item => post(() => WriteItem(item)), e => post(() => WriteOlaresError(e)), ct)));
        }
    }
}
