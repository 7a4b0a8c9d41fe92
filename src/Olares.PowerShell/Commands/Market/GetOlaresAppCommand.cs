using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Olares.Errors;
using Olares.Market;
using Olares.PowerShell.Completers;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Lists the apps of the market catalog, or the installed ones (olares-cli's "market list").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresApp")]
    [OutputType(typeof(OlaresApp))]
    public sealed class GetOlaresAppCommand : OlaresMarketCmdlet
    {
        /// <summary>App names; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only installed apps, with their state.</summary>
        [Parameter]
        public SwitchParameter Installed { get; set; }

        /// <summary>Only these sources (market.olares, upload, ...); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MarketSourceCompleter))]
        public string[]? Source { get; set; }

        /// <summary>Only apps in one of these categories; wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppCategoryCompleter))]
        public string[]? Category { get; set; }

        protected override void ProcessRecord()
        {
            Try(() =>
            {
                var session = OpenSession();
                var profile = Connection.Key;
                var installed = Installed.IsPresent;
                var (catalog, state) = Run(async ct =>
                {
                    var client = new MarketClient(session);
                    var apps = await client.GetCatalogAsync(ct).ConfigureAwait(false);
                    var rows = installed ? await client.GetStateAsync(ct).ConfigureAwait(false) : null;
                    return (apps, rows);
                });

                var culture = UiCulture;
                List<OlaresApp> apps;
                if (state == null)
                {
                    apps = catalog.Select(a => OlaresApp.From(a, culture, profile)).ToList();
                }
                else
                {
                    apps = state.Rows.Where(r => AppStates.IsInstalled(r.State)).Select(r => OlaresApp.From(r,
                        catalog.FirstOrDefault(a => a.Source == r.Source && a.Name == (r.RawAppName ?? r.Name))
                        ?? catalog.FirstOrDefault(a => a.Source == r.Source && a.Name == r.Name), culture, profile)).ToList();
                }

                apps = apps.Where(a => MatchesAny(Source, a.Source) && (Category == null || a.Categories.Any(c => MatchesAny(Category, c)))).ToList();
                WriteMatches(apps, Name, a => a.Name,
                    name => new OlaresNotFoundException((installed ? "Installed app '" : "App '") + name + "'", name)
                    {
                        RecommendedAction = installed ? "Get-OlaresAppStatus" : "Get-OlaresApp",
                    },
                    a => a);
            });
        }
    }
}
