using System;
using System.Management.Automation;
using Olares.Desktop;
using Olares.Profiles;
using Olares.Errors;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.SystemInfo
{
    /// <summary>
    /// <para type="synopsis">Shows what the server says about itself (olares-info: version, olaresId, ...) and the Olares version cached for the profile.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresSystemInfo")]
    [OutputType(typeof(OlaresSystemInfo))]
    public sealed class GetOlaresSystemInfoCommand : OlaresServiceCmdlet
    {
        /// <summary>Shows the cached Olares version only, without asking the server (works without a login).</summary>
        [Parameter]
        public SwitchParameter Cached { get; set; }

        protected override void ProcessRecord()
        {
            Try(() =>
            {
                var connection = Connection;
                if (Cached)
                {
                    var profile = connection.Profile;
                    if (string.IsNullOrEmpty(profile.BackendVersion))
                    {
                        throw new OlaresException("OlaresVersionNotCached", OlaresErrorKind.NotFound,
                            "No Olares version is cached for " + connection.Key + " yet.")
                        {
                            Target = connection.Key,
                            RecommendedAction = "Get-OlaresSystemInfo -Profile " + connection.Key,
                        };
                    }

                    WriteObject(new OlaresSystemInfo
                    {
                        OsVersion = profile.BackendVersion,
                        CachedVersion = profile.BackendVersion,
                        VersionCachedAt = CachedAt(profile.BackendVersionRefreshedAt),
                        FromCache = true,
                        Profile = connection.Key,
                    });
                    return;
                }

                connection.OpenSession();
                var info = Run(ct => BackendVersionResolver.ReadAndCacheAsync(connection, ct));
                WriteObject(new OlaresSystemInfo
                {
                    OlaresId = info.OlaresId,
                    OsVersion = info.OsVersion,
                    WizardStatus = info.WizardStatus,
                    EnableReverseProxy = info.EnableReverseProxy,
                    TailScaleEnable = info.TailScaleEnable,
                    Olaresd = info.Olaresd,
                    Did = info.Did,
                    Id = info.Id,
                    Style = info.Style,
                    Avatar = info.Avatar,
                    LoginBackground = info.LoginBackground,
                    CachedVersion = connection.Profile.BackendVersion,
                    VersionCachedAt = CachedAt(connection.Profile.BackendVersionRefreshedAt),
                    Profile = connection.Key,
                });
            });
        }

        private static DateTimeOffset? CachedAt(long unixSeconds) => unixSeconds > 0 ? DateTimeOffset.FromUnixTimeSeconds(unixSeconds) : (DateTimeOffset?)null;
    }
}
