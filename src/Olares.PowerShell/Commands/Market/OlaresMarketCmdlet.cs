using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Olares.Http;
using Olares.Market;
using Olares.PowerShell.Output;
using Olares.Profiles;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>A cmdlet of the app market: opens the market of the profile's server, in the request shapes of its Olares version.</summary>
    public abstract class OlaresMarketCmdlet : OlaresServiceCmdlet
    {
        /// <summary>The UI culture titles are resolved for: the pipeline thread's (read it there, not in Run work).</summary>
        protected static CultureInfo UiCulture => CultureInfo.CurrentUICulture;

        /// <summary>The market of <paramref name="profile"/>'s server, in the request shapes of its Olares version (read or probed once per command).</summary>
        protected static async Task<MarketService> OpenMarketAsync(ResolvedProfile profile, CancellationToken ct)
        {
            var session = profile.OpenSession();
            var version = await profile.GetBackendVersionAsync(ct).ConfigureAwait(false);
            return new MarketService(new MarketClient(session), version);
        }

        /// <summary>
        /// Writes the items whose name matches one of <paramref name="names"/> (wildcards; all when null), each once;
        /// a literal name that matches nothing is a non-terminating error.
        /// </summary>
        protected void WriteMatches<T>(IReadOnlyList<T> items, string[]? names, Func<T, string> nameOf, Func<string, Olares.Errors.OlaresException> notFound, Func<T, object> output)
            where T : class
        {
            var written = new HashSet<T>();
            foreach (var name in names ?? new[] { "*" })
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var hits = items.Where(i => pattern.IsMatch(nameOf(i))).ToList();
                if (hits.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name)) WriteOlaresError(notFound(name));
                foreach (var item in hits)
                {
                    if (written.Add(item)) WriteObject(output(item));
                }
            }
        }

        /// <summary>True when <paramref name="value"/> matches one of <paramref name="patterns"/> (wildcards, any case), or there are none.</summary>
        protected static bool MatchesAny(string[]? patterns, string value) =>
            patterns == null || patterns.Any(p => new WildcardPattern(p, WildcardOptions.IgnoreCase).IsMatch(value));

        /// <summary>-Env and -EntranceTitle: hashtable entries as strings, in the dictionary's order (sorted for a plain hashtable).</summary>
        internal static List<KeyValuePair<string, string>> Pairs(IDictionary? table)
        {
            var list = new List<KeyValuePair<string, string>>();
            if (table == null) return list;
            foreach (DictionaryEntry e in table)
            {
                list.Add(new KeyValuePair<string, string>(Text(e.Key), Text(e.Value)));
            }

            return table is OrderedDictionary ? list : list.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        }

        internal static List<AppEnvVar> EnvVars(IDictionary? table) => Pairs(table).Select(p => new AppEnvVar(p.Key, p.Value)).ToList();

        private static string Text(object? value)
        {
            var v = value is PSObject ps ? ps.BaseObject : value;
            switch (v)
            {
                case null: return string.Empty;
                case bool b: return b ? "true" : "false";
                case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
                default: return v.ToString() ?? string.Empty;
            }
        }
    }
}
