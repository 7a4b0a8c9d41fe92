using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Olares.Errors;
using Olares.Files;
using Olares.PowerShell.Completers;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Renames a file or folder on the server, in place (olares-cli's "files rename").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Rename, "OlaresItem", DefaultParameterSetName = LiteralPathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OlaresItem))]
    public sealed class RenameOlaresItemCommand : OlaresFilesCmdlet
    {
        /// <summary>The remote file or folder to rename; a wildcard pattern must match exactly one item.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RemotePathCompleter))]
        public string Path { get; set; } = string.Empty;

        /// <summary>The remote file or folder to rename, taken exactly as written (no wildcards).</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("LP", "FullName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RemotePathCompleter))]
        public string LiteralPath { get; set; } = string.Empty;

        /// <summary>The new name (a name only: no '/' or '\').</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string NewName { get; set; } = string.Empty;

        /// <summary>Writes the renamed item.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var text = IsLiteral ? LiteralPath : Path;
            var pattern = PatternsOrWriteErrors(new[] { text }, IsLiteral, strict: true).FirstOrDefault();
            if (pattern == null) return;
            var newName = NewName;
            Try(() =>
            {
                var listings = Files.NewListings();
                var matches = Expand(new[] { pattern }, listings);
                if (matches.Count == 0) return;
                if (matches.Count > 1)
                {
                    throw new OlaresArgumentException("OlaresAmbiguousPath",
                        text + " matches " + matches.Count + " items (" + string.Join(", ", matches.Take(3)) + (matches.Count > 3 ? ", ..." : string.Empty) +
                        "); Rename-OlaresItem renames one item.", text)
                    {
                        RecommendedAction = "Make the pattern match a single item, or name it with -LiteralPath.",
                    };
                }

                var path = matches[0];
                var plan = Run(ct => Files.PlanRenameAsync(path, newName, ct, listings));
                if (!ShouldProcess(OnAccount(plan.Item.Path.ToString()), "Rename to " + plan.NewName)) return;
                var renamed = Run(ct => Files.RenameAsync(plan, ct));
                if (PassThru) WriteItem(renamed);
            });
        }
    }
}
