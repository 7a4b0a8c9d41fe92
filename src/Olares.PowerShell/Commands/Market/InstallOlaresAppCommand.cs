using System;
using System.Collections;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Olares.Market;
using Olares.PowerShell.Completers;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Installs an app from the market (olares-cli's "market install").</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Install, "OlaresApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OlaresAppOperationResult))]
    public sealed class InstallOlaresAppCommand : OlaresAppOperationCmdlet
    {
        /// <summary>The version to install (semver, optional leading v); the latest when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppVersionCompleter))]
        public string? Version { get; set; }

        /// <summary>Environment variables for the app: @{ NAME = 'value' }.</summary>
        [Parameter]
        public IDictionary? Env { get; set; }

        /// <summary>The compute mode for apps that offer several (cpu, nvidia, ...); Olares 1.12.6 and later.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ComputeMode { get; set; }

        protected override string Action => Version == null ? "Install the latest version" : "Install version " + Version;

        protected override void Validate(string name)
        {
            base.Validate(name);
            if (Version != null) MarketValidation.RequireVersion(Version, name);
            MarketValidation.RequireEnvNames(EnvVars(Env));
        }

        protected override Func<MarketService, CancellationToken, Task<AppOperationOutcome>> Operation(string name)
        {
            var request = new InstallRequest { Name = name, Source = Source, Version = Version, Envs = EnvVars(Env), ComputeMode = ComputeMode };
            return (market, ct) => market.InstallAsync(request, ct);
        }
    }
}
