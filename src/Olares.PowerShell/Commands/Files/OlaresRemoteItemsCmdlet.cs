using System.Collections.Generic;
using System.Management.Automation;
using Olares.Files;
using Olares.PowerShell.Completers;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// The files cmdlets that act on existing remote items named by -Path (wildcards expanded on the server) or
    /// -LiteralPath (taken as written; piped items bind here by FullName): Get-OlaresFile, Get-OlaresFileContent,
    /// Remove-OlaresFile, Copy-OlaresItem, Move-OlaresItem.
    /// </summary>
    public abstract class OlaresRemoteItemsCmdlet : OlaresFilesCmdlet
    {
        /// <summary>Remote files or folders; wildcards such as drive/Home/Pictures/*.jpg are expanded.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RemotePathCompleter))]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Remote files or folders taken exactly as written (no wildcards).</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("LP", "FullName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RemotePathCompleter))]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>This record's -Path or -LiteralPath values as patterns; malformed ones are written as typed errors and left out.</summary>
        protected List<RemotePathPattern> RecordPatterns() => PatternsOrWriteErrors(IsLiteral ? LiteralPath : Path, IsLiteral);
    }
}
