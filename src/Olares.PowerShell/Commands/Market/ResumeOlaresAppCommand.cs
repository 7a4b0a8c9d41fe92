using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Olares.Market;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Starts a stopped app again (olares-cli's "market resume").</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Resume, "OlaresApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OlaresAppOperationResult))]
    public sealed class ResumeOlaresAppCommand : OlaresAppOperationCmdlet
    {
        protected override string Action => "Resume";

        protected override Func<MarketService, CancellationToken, Task<AppOperationOutcome>> Operation(string name)
        {
            var source = Source;
            return (market, ct) => market.ResumeAsync(name, source, ct);
        }
    }
}
