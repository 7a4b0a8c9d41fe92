using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Olares.PowerShell.Completers;
using Olares.Market;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// A market operation on each named app: validation before any request, ShouldProcess (naming the account), the
    /// request in the server's shape, and -Wait (the terminal rules of protocol §7.4, with progress, -Timeout and
    /// Ctrl+C). Failures are non-terminating errors, one per app.
    /// </summary>
    public abstract class OlaresAppOperationCmdlet : OlaresMarketWaitCmdlet
    {
        /// <summary>The apps' names.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>The market source of the apps.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MarketSourceCompleter))]
        public string? Source { get; set; }

        /// <summary>Outputs the accepted operation even without -Wait.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>What ShouldProcess names as the action.</summary>
        protected abstract string Action { get; }

        /// <summary>True when the cmdlet's -Force asks to skip the confirmation prompt.</summary>
        protected virtual bool SkipConfirmation => false;

        /// <summary>Checks the arguments for one app before anything is sent; throws OlaresArgumentException.</summary>
        protected virtual void Validate(string name) => MarketValidation.RequireAppName(name);

        /// <summary>
        /// The request for one app, built on the pipeline thread from the parameters; the function it returns runs on
        /// a worker thread and must not read the cmdlet.
        /// </summary>
        protected abstract Func<MarketService, CancellationToken, Task<AppOperationOutcome>> Operation(string name);

        protected override void ProcessRecord()
        {
            foreach (var name in Name)
            {
                Try(() => Operate(name));
            }
        }

        private void Operate(string name)
        {
            Validate(name);
            var connection = Connection;
            var target = connection.Key + ": " + (Source == null ? name : name + " (" + Source + ")");
            if (!ShouldProcess(target, Action, SkipConfirmation)) return;
            connection.OpenSession();
            var send = Operation(name);
            var wait = Wait.IsPresent;
            var options = WatchOptions;
            var outcome = Run(async ct =>
            {
                var market = await OpenMarketAsync(connection, ct).ConfigureAwait(false);
                var sent = await send(market, ct).ConfigureAwait(false);
                if (!wait) return sent;
                if (sent.Rule == null && sent.Status != "success") OlaresLog.Warning(sent.Operation + " '" + name + "': the server did not name the new app, so there is nothing to wait for.");
                return await market.WaitAsync(sent, options, ct).ConfigureAwait(false);
            });
            WriteVerbose(outcome.Operation + " '" + outcome.App + "': " + outcome.Status + (string.IsNullOrEmpty(outcome.Message) ? string.Empty : " (" + outcome.Message + ")"));
            if (wait || PassThru.IsPresent) WriteObject(OlaresAppOperationResult.From(outcome, connection.Key));
        }
    }
}
