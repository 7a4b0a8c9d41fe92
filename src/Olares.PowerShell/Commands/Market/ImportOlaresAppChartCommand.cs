using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Olares.Errors;
using Olares.Files;
using Olares.Market;
using Olares.PowerShell.Completers;
using Olares.PowerShell.Infrastructure;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Uploads app charts (.tgz) to a local market source (olares-cli's "market upload").</para>
    /// </summary>
    [Cmdlet(VerbsData.Import, "OlaresAppChart", DefaultParameterSetName = LiteralPathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OlaresAppOperationResult))]
    public sealed class ImportOlaresAppChartCommand : OlaresMarketCmdlet
    {
        /// <summary>Chart files (.tgz); wildcards are expanded against the current location.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Chart files taken exactly as written (brackets included).</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("LP", "PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>The local source to upload to.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MarketSourceCompleter))]
        public string Source { get; set; } = MarketValidation.UploadSource;

        protected override void ProcessRecord()
        {
            var literal = IsLiteral;
            foreach (var path in literal ? LiteralPath : Path)
            {
                Try(() =>
                {
                    foreach (var file in LocalPaths.Resolve(SessionState, path, literal, ChartNotFound))
                    {
                        Try(() => Upload(file));
                    }
                });
            }
        }

        private void Upload(string file)
        {
            if (!ShouldProcess(file, "Upload the chart to source '" + Source + "'")) return;
            var session = OpenSession();
            var source = Source;
            var outcome = Run(async ct =>
            {
                var market = new MarketService(new MarketClient(session), null);
                return await market.UploadChartAsync(file, source, ct).ConfigureAwait(false);
            });
            WriteObject(OlaresAppOperationResult.From(outcome, Connection.Key));
        }

        private static OlaresException ChartNotFound(string path, bool pattern, bool literalExists) =>
            new OlaresException("OlaresChartNotFound", OlaresErrorKind.NotFound,
                pattern ? OlaresLocalPathNotFoundException.NoMatchMessage("chart file", path, literalExists) : "Cannot find the chart file " + path + ".")
            {
                Target = path,
                RecommendedAction = pattern ? OlaresLocalPathNotFoundException.NoMatchAction(path, literalExists) : "Check the path with Get-ChildItem.",
            };
    }
}
