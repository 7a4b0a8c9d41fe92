using System;
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

        protected override Func<MarketService, CancellationToken, Task<AppOperationOutcome>> Operation(string name)
        {
            var (source, cascade) = (Source, Cascade.IsPresent);
            return (market, ct) => market.StopAsync(name, source, cascade, ct);
        }
    }
}
