using System.Management.Automation;
using Olares.PowerShell.Completers;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Lists files and folders on the server (olares-cli's "files ls").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresChildItem", DefaultParameterSetName = LiteralPathSet)]
    [OutputType(typeof(OlaresItem))]
    public sealed class GetOlaresChildItemCommand : OlaresFilesCmdlet
    {
        public const string DefaultPath = "drive/Home";

        /// <summary>Remote paths such as drive/Home/Documents or drive/Home/Pictures/*.jpg; drive/Home when omitted. A file lists itself.</summary>
        [Parameter(Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RemotePathCompleter))]
        public string[]? Path { get; set; }

        /// <summary>Remote paths taken exactly as written (no wildcards).</summary>
        [Parameter(ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("LP", "FullName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RemotePathCompleter))]
        public string[]? LiteralPath { get; set; }

        /// <summary>Lists the contents of every subfolder too.</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        protected override void ProcessRecord()
        {
            var recurse = Recurse.IsPresent;
            var values = IsLiteral ? LiteralPath ?? new[] { DefaultPath } : Path ?? new[] { DefaultPath };
            foreach (var pattern in PatternsOrWriteErrors(values, IsLiteral))
            {
                Try(() => RunStreaming((ct, post) => Files.ListAsync(pattern, recurse, item => post(() => WriteItem(item)), e => post(() => WriteOlaresError(e)), ct)));
            }
        }
    }
}
