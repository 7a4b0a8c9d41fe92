using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Olares.Market;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Restarts an app (olares-cli's "market restart"; Olares 1.12.6 and later).</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Restart, "OlaresApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OlaresAppOperationResult))]
    public sealed class RestartOlaresAppCommand : OlaresAppOperationCmdlet
    {
        protected override string Action => "Restart";

        protected override Func<MarketService, CancellationToken, Task<AppOperationOutcome>> Operation(string name)
        {
            var source = Source;
            return (market, ct) => market.RestartAsync(name, source, ct);
        }
    }
}
