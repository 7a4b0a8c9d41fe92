using System;
using System.Linq;
using System.Management.Automation;
using Olares.Errors;
using Olares.Market;
using Olares.PowerShell.Completers;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Shows the state of your apps (olares-cli's "market status"), or waits for one app to settle.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresAppStatus")]
    [OutputType(typeof(OlaresAppStatus))]
    public sealed class GetOlaresAppStatusCommand : OlaresMarketWaitCmdlet
    {
        /// <summary>App names; wildcards allowed (but not with -Wait).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only rows of these sources; wildcards allowed. With -Wait, the source whose row is followed first.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MarketSourceCompleter))]
        public string[]? Source { get; set; }

        protected override void ProcessRecord()
        {
            Try(() =>
            {
                if (Wait.IsPresent) WaitForOne();
                else List();
            });
        }

        private void List()
        {
            var session = OpenSession();
            var profile = Connection.Key;
            var snapshot = Run(ct => new MarketClient(session).GetStateAsync(ct));
            var culture = UiCulture;
            var rows = snapshot.Rows.Where(r => MatchesAny(Source, r.Source)).ToList();
            WriteMatches(rows, Name, r => r.Name,
                name => new OlaresNotFoundException("A state for app '" + name + "'", name) { RecommendedAction = "Get-OlaresAppStatus" },
                r => OlaresAppStatus.From(r, culture, profile));
        }

        private void WaitForOne()
        {
            var names = Name ?? new string[0];
            if (names.Length != 1 || WildcardPattern.ContainsWildcardCharacters(names[0]) ||
                (Source != null && (Source.Length != 1 || WildcardPattern.ContainsWildcardCharacters(Source[0]))))
            {
                throw new OlaresArgumentException("OlaresWaitNeedsName",
                    "-Wait follows one app: give exactly one app name (and at most one source), without wildcards.", Name);
            }

            var app = names[0];
            var source = Source?[0];
            var session = OpenSession();
            var options = WatchOptions;
            var final = Run(ct =>
            {
                var client = new MarketClient(session);
                return AppWatcher.WatchAsync(client.GetStateAsync, WatchRules.Status, app, source, null, options, ct);
            });
            if (final == null) WriteVerbose("'" + app + "' no longer has a state row: it is gone.");
            else WriteObject(OlaresAppStatus.From(final, UiCulture, Connection.Key));
        }
    }
}
