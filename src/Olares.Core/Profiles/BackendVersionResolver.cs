using System;
using System.Threading;
using System.Threading.Tasks;
using Olares.Desktop;
using Olares.Errors;
using Olares.Market;

namespace Olares.Profiles
{
    /// <summary>
    /// Finds the backend version the market bodies depend on (protocol §7.3): the profile's cached value when it is
    /// less than an hour old, else GET {desktop}/api/olares-info (cached back into config.json, as olares-cli does).
    /// A failed probe is not fatal: the oldest known request shapes are used. Get-OlaresSystemInfo reads and caches it
    /// on request (<see cref="ReadAndCacheAsync"/>).
    /// </summary>
    public static class BackendVersionResolver
    {
        public static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(1);

        public static async Task<BackendVersion?> ResolveAsync(ResolvedProfile profile, CancellationToken ct, DateTimeOffset? now = null)
        {
            var at = now ?? DateTimeOffset.UtcNow;
            var config = profile.Profile;
            if (config.BackendVersionRefreshedAt > 0)
            {
                var cached = BackendVersion.TryParse(config.BackendVersion);
                var age = at - DateTimeOffset.FromUnixTimeSeconds(config.BackendVersionRefreshedAt);
                if (cached != null && age >= TimeSpan.Zero && age < CacheLifetime)
                {
                    OlaresLog.Debug("Olares version " + cached + " (cached in config.json).");
                    return cached;
                }
            }

            string? text;
            try
            {
                text = await DesktopClient.GetOsVersionAsync(profile.OpenSession(), ct).ConfigureAwait(false);
            }
            catch (OlaresException e) when (e.Kind != OlaresErrorKind.Authentication)
            {
                OlaresLog.Warning("Could not read the Olares version (" + e.Message + "); using the Olares 1.12.5 request shapes.");
                return null;
            }

            var version = BackendVersion.TryParse(text);
            if (version == null)
            {
                OlaresLog.Warning("The server reports an unreadable Olares version \"" + text + "\"; using the Olares 1.12.5 request shapes.");
                return null;
            }

            OlaresLog.Verbose("Olares version " + version + " (from olares-info).");
            TryCache(profile, version, at, ct, OlaresLog.Debug);
            return version;
        }

        /// <summary>
        /// Reads olares-info and records its version in config.json (backendVersion, backendVersionRefreshedAt), as
        /// olares-cli's "profile whoami --refresh" does; the market cmdlets then use it for an hour. An unreadable
        /// version is reported and not cached.
        /// </summary>
        public static async Task<OlaresInfo> ReadAndCacheAsync(ResolvedProfile profile, CancellationToken ct, DateTimeOffset? now = null)
        {
            var info = await new DesktopClient(profile.OpenSession()).GetOlaresInfoAsync(ct).ConfigureAwait(false);
            var version = BackendVersion.TryParse(info.OsVersion);
            if (version == null)
            {
                OlaresLog.Warning("The server reports an unreadable Olares version \"" + info.OsVersion + "\"; the cached version is left as it is.");
                return info;
            }

            if (TryCache(profile, version, now ?? DateTimeOffset.UtcNow, ct, OlaresLog.Warning))
            {
                OlaresLog.Verbose("Cached Olares version " + version.Text + " for " + profile.Key + " in config.json.");
            }

            return info;
        }

        /// <summary>Writes the version and when it was read into the profile; a config.json that cannot be written is reported to <paramref name="report"/>.</summary>
        private static bool TryCache(ResolvedProfile profile, BackendVersion version, DateTimeOffset at, CancellationToken ct, Action<string> report)
        {
            try
            {
                profile.Update(p =>
                {
                    p.BackendVersion = version.Text;
                    p.BackendVersionRefreshedAt = at.ToUnixTimeSeconds();
                }, ct);
                return true;
            }
            catch (OlaresException e)
            {
                report("Could not cache the Olares version in config.json: " + e.Message);
                return false;
            }
        }
    }
}
