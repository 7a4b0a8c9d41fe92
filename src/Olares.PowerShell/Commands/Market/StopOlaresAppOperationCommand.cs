using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Olares.Market;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Cancels an app operation in progress: an install, upgrade or resume (olares-cli's "market cancel").</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "OlaresAppOperation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OlaresAppOperationResult))]
    public sealed class StopOlaresAppOperationCommand : OlaresAppOperationCmdlet
    {
        protected override string Action => "Cancel the operation in progress";

        protected override Func<MarketService, CancellationToken, Task<AppOperationOutcome>> Operation(string name)
        {
            var source = Source;
            return (market, ct) => market.CancelAsync(name, source, ct);
        }
    }
}
