using System.Management.Automation;
using Olares.PowerShell.Completers;
using Olares.Errors;
using Olares.Profiles;

namespace Olares.PowerShell.Commands.Profiles
{
    /// <summary>
    /// <para type="synopsis">Logs out: removes a profile and its stored token (olares-cli's "profile remove").</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Olares", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class DisconnectOlaresCommand : OlaresCmdlet
    {
        /// <summary>The profile name or olaresId; the current profile when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("Profile")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? Name { get; set; }

        protected override void ProcessRecord()
        {
            Try(() =>
            {
                var profile = Context.ResolveProfile(Name).Profile;
                // Refused before -WhatIf or a confirmation prompt: the next command would recreate a platform-issued profile.
                ManagedProfiles.Refuse(profile, "remove");
                var target = profile.DisplayName == profile.OlaresId ? profile.OlaresId : profile.DisplayName + " (" + profile.OlaresId + ")";
                if (!ShouldProcess(target, "Remove the profile and its stored token")) return;
                var key = profile.OlaresId;
                Run(ct => Context.RemoveProfileAsync(key, ct));
                WriteVerbose("Removed the profile " + target + " and its token.");
            });
        }
    }
}
