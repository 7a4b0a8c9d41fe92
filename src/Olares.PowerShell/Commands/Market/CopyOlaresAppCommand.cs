using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Olares.Market;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Installs another instance of an app that allows several (olares-cli's "market clone").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "OlaresApp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OlaresAppOperationResult))]
    public sealed class CopyOlaresAppCommand : OlaresAppOperationCmdlet
    {
        /// <summary>The title of the new instance.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = string.Empty;

        /// <summary>Environment variables for the new instance: @{ NAME = 'value' }.</summary>
        [Parameter]
        public IDictionary? Env { get; set; }

        /// <summary>Titles of the new instance's entrances: @{ entranceName = 'Title' }.</summary>
        [Parameter]
        public IDictionary? EntranceTitle { get; set; }

        protected override string Action => "Clone as \"" + Title + "\"";

        protected override void Validate(string name)
        {
            base.Validate(name);
            MarketValidation.RequireEnvNames(EnvVars(Env));
        }

        protected override Func<MarketService, CancellationToken, Task<AppOperationOutcome>> Operation(string name)
        {
            var request = new CloneRequest
            {
                Name = name,
                Source = Source,
                Title = Title,
                Envs = EnvVars(Env),
                EntranceTitles = Pairs(EntranceTitle),
            };
            return (market, ct) => market.CloneAsync(request, ct);
        }
    }
}
