using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Olares.Market;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Stops a running app (olares-cli's "market stop").</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "OlaresApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OlaresAppOperationResult))]
    public sealed class StopOlaresAppCommand : OlaresAppOperationCmdlet
    {
        /// <summary>Also stop the shared parts used by every user.</summary>
        [Parameter]
        public SwitchParameter Cascade { get; set; }

        protected override string Action => "Stop";

        protected override Task<AppOperationOutcome> SendAsync(MarketService market, CancellationToken ct) =>
            market.StopAsync(Name, Source, Cascade.IsPresent, ct);
    }
}
