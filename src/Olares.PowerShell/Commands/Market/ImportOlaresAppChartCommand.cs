using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Olares.Errors;
using Olares.Market;
using Olares.PowerShell.Completers;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Uploads app charts (.tgz) to a local market source (olares-cli's "market upload").</para>
    /// </summary>
    [Cmdlet(VerbsData.Import, "OlaresAppChart", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OlaresAppOperationResult))]
    public sealed class ImportOlaresAppChartCommand : OlaresMarketCmdlet
    {
        /// <summary>Chart files (.tgz); wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>The local source to upload to.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MarketSourceCompleter))]
        public string Source { get; set; } = MarketValidation.UploadSource;

        protected override void ProcessRecord()
        {
            foreach (var path in Path)
            {
                Try(() =>
                {
                    foreach (var file in Resolve(path))
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

        private IEnumerable<string> Resolve(string path)
        {
            try
            {
                return GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException)
            {
                throw new OlaresException("OlaresChartNotFound", OlaresErrorKind.NotFound, "Cannot find the chart file " + path + ".") { Target = path };
            }
        }
    }
}
