using System.Management.Automation;
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
        /// <summary>The app's name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The version to delete.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Version { get; set; } = string.Empty;

        /// <summary>The local source that holds the chart.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Source { get; set; } = MarketValidation.UploadSource;

        protected override void ProcessRecord()
        {
            Try(() =>
            {
                MarketValidation.RequireAppName(Name);
                MarketValidation.RequireVersion(Version, Name);
                if (!ShouldProcess(Name + " " + Version + " (" + Source + ")", "Delete this version of the chart")) return;
                var session = OpenSession();
                var (name, version, source) = (Name, Version, Source);
                Run(ct => new MarketService(new MarketClient(session), null).DeleteLocalVersionAsync(name, version, source, ct));
                WriteVerbose("Deleted " + name + " " + version + " from " + source + ".");
            });
        }
    }
}
