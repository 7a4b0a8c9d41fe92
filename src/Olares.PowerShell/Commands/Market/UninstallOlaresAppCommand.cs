using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Olares.Market;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Uninstalls an app (olares-cli's "market uninstall"); an operation still in progress is canceled first.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Uninstall, "OlaresApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(OlaresAppOperationResult))]
    public sealed class UninstallOlaresAppCommand : OlaresAppOperationCmdlet
    {
        /// <summary>Also uninstall the shared parts used by every user (-Cascade:$false forbids the automatic cascade).</summary>
        [Parameter]
        public SwitchParameter Cascade { get; set; }

        /// <summary>Also delete the app's data.</summary>
        [Parameter]
        public SwitchParameter DeleteData { get; set; }

        /// <summary>Uninstalls without asking for confirmation (unless -Confirm is given).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override bool SkipConfirmation => Force.IsPresent;

        protected override string Action => "Uninstall" + (DeleteData.IsPresent ? " and delete its data" : string.Empty);

        protected override Func<MarketService, CancellationToken, Task<AppOperationOutcome>> Operation(string name)
        {
            bool? cascade = MyInvocation.BoundParameters.ContainsKey(nameof(Cascade)) ? Cascade.IsPresent : (bool?)null;
            var (source, deleteData, options) = (Source, DeleteData.IsPresent, WatchOptions);
            return (market, ct) => market.UninstallAsync(name, source, cascade, deleteData, options, ct);
        }
    }
}
