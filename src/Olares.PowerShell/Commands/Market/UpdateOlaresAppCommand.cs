using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Olares.Market;
using Olares.PowerShell.Completers;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Upgrades an installed app (olares-cli's "market upgrade").</para>
    /// </summary>
    [Cmdlet(VerbsData.Update, "OlaresApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OlaresAppOperationResult))]
    public sealed class UpdateOlaresAppCommand : OlaresAppOperationCmdlet
    {
        /// <summary>The version to upgrade to (semver, optional leading v); the latest when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppVersionCompleter))]
        public string? Version { get; set; }

        protected override string Action => Version == null ? "Upgrade to the latest version" : "Upgrade to version " + Version;

        protected override void Validate(string name)
        {
            base.Validate(name);
            if (Version != null) MarketValidation.RequireVersion(Version, name);
        }

        protected override Func<MarketService, CancellationToken, Task<AppOperationOutcome>> Operation(string name)
        {
            var (source, version) = (Source, Version);
            return (market, ct) => market.UpgradeAsync(name, source, version, ct);
        }
    }
}
