using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Olares.Errors;
using Olares.Market;
using Olares.PowerShell.Output;
using Olares.Profiles;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Lists the categories of the market catalog with their app counts (olares-cli's "market categories").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresAppCategory")]
    [OutputType(typeof(OlaresAppCategory))]
    public sealed class GetOlaresAppCategoryCommand : OlaresMarketCmdlet
    {
        // Names piped one by one are matched against one catalog read per profile.
        private readonly Dictionary<ResolvedProfile, IReadOnlyList<CatalogApp>> _catalogs = new Dictionary<ResolvedProfile, IReadOnlyList<CatalogApp>>();

        /// <summary>Category names; wildcards allowed, any case.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Only apps of these sources (market.olares, upload, ...); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Source { get; set; }

        protected override void ProcessRecord()
        {
            Try(() =>
            {
                var connection = Connection;
                var profile = connection.Key;
                if (!_catalogs.TryGetValue(connection, out var catalog))
                {
                    var session = connection.OpenSession();
                    catalog = Run(ct => new MarketClient(session).GetCatalogAsync(ct));
                    _catalogs[connection] = catalog;
                }

                var categories = AppCategories.Of(catalog.Where(a => MatchesAny(Source, a.Source)));
                WriteMatches(categories, Name, c => c.Name,
                    name => new OlaresNotFoundException("App category '" + name + "'", name) { RecommendedAction = "Get-OlaresAppCategory" },
                    c => new OlaresAppCategory
                    {
                        Name = c.Name,
                        Count = c.Apps.Count,
                        Apps = c.Apps.Select(a => a.Name).Distinct(StringComparer.Ordinal).ToArray(),
                        Sources = c.Apps.Select(a => a.Source).Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToArray(),
                        Profile = profile,
                    });
            });
        }
    }
}
