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

    /// <summary>A market cmdlet that can wait for an app to settle: -Wait, -Timeout, -PollInterval.</summary>
    public abstract class OlaresMarketWaitCmdlet : OlaresMarketCmdlet
    {
        /// <summary>Waits until the app reaches a terminal state and outputs the final state.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long -Wait waits, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = (int)WatchOptions.DefaultTimeout.TotalSeconds;

        /// <summary>How often -Wait polls the app's state, in seconds.</summary>
        [Parameter]
        [ValidateRange(0.05, 3600)]
        public double PollInterval { get; set; } = WatchOptions.DefaultInterval.TotalSeconds;

        protected WatchOptions WatchOptions => new WatchOptions
        {
            Timeout = TimeSpan.FromSeconds(Timeout),
            Interval = TimeSpan.FromSeconds(PollInterval),
        };
    }

    /// <summary>
    /// A market operation on one app per pipeline item: validation before any request, ShouldProcess, the request in
    /// the server's shape, and -Wait (the terminal rules of protocol §7.4, with progress, -Timeout and Ctrl+C).
    /// Failures are non-terminating errors, one per item.
    /// </summary>
    public abstract class OlaresAppOperationCmdlet : OlaresMarketWaitCmdlet
    {
        /// <summary>The app's name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The market source of the app.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Source { get; set; }

        /// <summary>Outputs the accepted operation even without -Wait.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>What ShouldProcess names as the action.</summary>
        protected abstract string Action { get; }

        /// <summary>Checks the arguments before anything is sent; throws OlaresArgumentException.</summary>
        protected virtual void Validate() => MarketValidation.RequireAppName(Name);

        /// <summary>Sends the operation.</summary>
        protected abstract Task<AppOperationOutcome> SendAsync(MarketService market, CancellationToken ct);

        protected override void ProcessRecord()
        {
            Try(() =>
            {
                Validate();
                var target = Source == null ? Name : Name + " (" + Source + ")";
                if (!ShouldProcess(target, Action)) return;
                var connection = Connection;
                connection.OpenSession();
                var wait = Wait.IsPresent;
                var outcome = Run(async ct =>
                {
                    var market = await OpenMarketAsync(connection, ct).ConfigureAwait(false);
                    var sent = await SendAsync(market, ct).ConfigureAwait(false);
                    if (!wait) return sent;
                    if (sent.Rule == null && sent.Status != "success") OlaresLog.Warning(sent.Operation + " '" + Name + "': the server did not name the new app, so there is nothing to wait for.");
                    return await market.WaitAsync(sent, WatchOptions, ct).ConfigureAwait(false);
                });
                WriteVerbose(outcome.Operation + " '" + outcome.App + "': " + outcome.Status + (string.IsNullOrEmpty(outcome.Message) ? string.Empty : " (" + outcome.Message + ")"));
                if (wait || PassThru.IsPresent) WriteObject(OlaresAppOperationResult.From(outcome, connection.Key));
            });
        }
    }
}
