using System;
using System.Management.Automation;
using Olares.PowerShell.Completers;
using Olares.Market;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>
    /// <para type="synopsis">Deletes one version of an uploaded chart from a local market source (olares-cli's "market delete").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "OlaresAppVersion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveOlaresAppVersionCommand : OlaresMarketCmdlet
    {
        /// <summary>The apps' names.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppNameCompleter))]
        public string[] Name { get; set; } = new string[0];

        /// <summary>The version to delete.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AppVersionCompleter))]
        public string Version { get; set; } = string.Empty;

        /// <summary>Deletes without asking for confirmation (unless -Confirm is given).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The local source that holds the chart.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MarketSourceCompleter))]
        public string Source { get; set; } = MarketValidation.UploadSource;

        protected override void ProcessRecord()
        {
            foreach (var name in Name)
            {
                Try(() =>
                {
                    MarketValidation.RequireAppName(name);
                    MarketValidation.RequireVersion(Version, name);
                    var connection = Connection;
                    if (!ShouldProcess(connection.Key + ": " + name + " " + Version + " (" + Source + ")", "Delete this version of the chart", Force.IsPresent)) return;
                    var session = connection.OpenSession();
                    var (version, source) = (Version, Source);
                    Run(ct => new MarketService(new MarketClient(session), null).DeleteLocalVersionAsync(name, version, source, ct));
                    WriteVerbose("Deleted " + name + " " + version + " from " + source + ".");
                });
            }
        }
    }
}
