using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Olares.Market;

namespace Olares.PowerShell.Completers
{
    /// <summary>
    /// App names: from the catalog for the cmdlets that take apps from it (Install-OlaresApp, Copy-OlaresApp,
    /// Get-OlaresApp, Remove-OlaresAppVersion), from the installed apps for those that act on installed ones.
    /// </summary>
    public sealed class AppNameCompleter : IArgumentCompleter
    {
        private static readonly string[] CatalogCommands = { "Install-OlaresApp", "Copy-OlaresApp", "Get-OlaresApp", "Remove-OlaresAppVersion" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var installedOnly = fakeBoundParameters != null && fakeBoundParameters.Contains("Installed");
            var fromCatalog = !installedOnly && CatalogCommands.Contains(commandName, StringComparer.OrdinalIgnoreCase);
            var names = fromCatalog
                ? CompletionSupport.Values(fakeBoundParameters!, "catalog-names", async (p, ct) =>
                    (IReadOnlyList<string>)(await new MarketClient(p.OpenSession()).GetCatalogAsync(ct).ConfigureAwait(false)).Select(a => a.Name).ToList())
                : CompletionSupport.Values(fakeBoundParameters!, "installed-names", async (p, ct) =>
                    (IReadOnlyList<string>)(await new MarketClient(p.OpenSession()).GetStateAsync(ct).ConfigureAwait(false)).Rows.Select(r => r.Name).ToList());
            return CompletionSupport.Results(names, wordToComplete);
        }
    }

    /// <summary>Market sources: the well-known ones and those the catalog and the installed apps name.</summary>
    public sealed class MarketSourceCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var sources = CompletionSupport.Values(fakeBoundParameters, "sources", async (p, ct) =>
            {
                var client = new MarketClient(p.OpenSession());
                var catalog = await client.GetCatalogAsync(ct).ConfigureAwait(false);
                var state = await client.GetStateAsync(ct).ConfigureAwait(false);
                return (IReadOnlyList<string>)catalog.Select(a => a.Source).Concat(state.Rows.Select(r => r.Source)).Where(s => s.Length > 0).ToList();
            });
            return CompletionSupport.Results(sources.Concat(MarketValidation.KnownSources), wordToComplete);
        }
    }

    /// <summary>Catalog categories.</summary>
    public sealed class AppCategoryCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var categories = CompletionSupport.Values(fakeBoundParameters, "categories", async (p, ct) =>
                (IReadOnlyList<string>)(await new MarketClient(p.OpenSession()).GetCatalogAsync(ct).ConfigureAwait(false)).SelectMany(a => a.Categories).ToList());
            return CompletionSupport.Results(categories, wordToComplete);
        }
    }

    /// <summary>Versions of the app named by -Name that the catalog knows (its latest, per source).</summary>
    public sealed class AppVersionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var names = NamesOf(fakeBoundParameters?["Name"]);
            if (names.Count == 0) return Array.Empty<CompletionResult>();
            var versions = CompletionSupport.Values(fakeBoundParameters!, "catalog-versions", async (p, ct) =>
                (IReadOnlyList<string>)(await new MarketClient(p.OpenSession()).GetCatalogAsync(ct).ConfigureAwait(false))
                    .Where(a => a.Version != null).Select(a => a.Name + "\n" + a.Version).ToList());
            return CompletionSupport.Results(
                versions.Select(v => v.Split('\n')).Where(v => names.Contains(v[0], StringComparer.OrdinalIgnoreCase)).Select(v => v[1]),
                wordToComplete);
        }

        private static List<string> NamesOf(object? value)
        {
            switch (value)
            {
                case null: return new List<string>();
                case string s: return new List<string> { s };
                case IEnumerable many: return many.Cast<object>().Select(o => o?.ToString() ?? string.Empty).Where(n => n.Length > 0).ToList();
                default: return new List<string> { value.ToString() ?? string.Empty };
            }
        }
    }
}
