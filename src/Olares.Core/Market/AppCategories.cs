using System;
using System.Collections.Generic;
using System.Linq;

namespace Olares.Market
{
    /// <summary>One category of the catalog and the apps in it.</summary>
    public sealed class AppCategory
    {
        public AppCategory(string name, IReadOnlyList<CatalogApp> apps)
        {
            Name = name;
            Apps = apps;
        }

        public string Name { get; }

        /// <summary>The catalog entries in the category (one per source that offers the app).</summary>
        public IReadOnlyList<CatalogApp> Apps { get; }
    }

    /// <summary>
    /// Categories with their app counts, computed from the catalog (GET /market/data) as olares-cli's
    /// "market categories" does: every catalog entry counts once in each category it lists.
    /// </summary>
    public static class AppCategories
    {
        public static IReadOnlyList<AppCategory> Of(IEnumerable<CatalogApp> catalog)
        {
            var byName = new Dictionary<string, List<CatalogApp>>(StringComparer.Ordinal);
            foreach (var app in catalog)
            {
                foreach (var category in app.Categories.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal))
                {
                    if (!byName.TryGetValue(category, out var list)) byName[category] = list = new List<CatalogApp>();
                    list.Add(app);
                }
            }

            return byName.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new AppCategory(p.Key, p.Value.OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Source, StringComparer.Ordinal).ToList()))
                .ToList();
        }
    }
}
