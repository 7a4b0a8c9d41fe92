using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Olares.Desktop;
using Olares.Errors;
using Olares.Http;
using Olares.Profiles;

namespace Olares.Market
{
    /// <summary>The Olares OS version of a server, reduced to major.minor.patch (pre-release and build ignored).</summary>
    public sealed class BackendVersion : IComparable<BackendVersion>
    {
        public BackendVersion(int major, int minor, int patch, string? text = null)
        {
            Major = major;
            Minor = minor;
            Patch = patch;
            Text = text ?? string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}", major, minor, patch);
        }

        public int Major { get; }

        public int Minor { get; }

        public int Patch { get; }

        /// <summary>As the server reported it.</summary>
        public string Text { get; }

        /// <summary>"1.12.6", "v1.12.6", "1.12.6-rc.1", "1.12" ... null when it has no leading number triple.</summary>
        public static BackendVersion? TryParse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var t = text!.Trim();
            if (t.StartsWith("v", StringComparison.OrdinalIgnoreCase)) t = t.Substring(1);
            var end = t.IndexOfAny(new[] { '-', '+' });
            var core = end >= 0 ? t.Substring(0, end) : t;
            var parts = core.Split('.');
            if (parts.Length < 2 || parts.Length > 3) return null;
            var numbers = new int[3];
            for (var i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return null;
            }

            return new BackendVersion(numbers[0], numbers[1], numbers[2], text.Trim());
        }

        public int CompareTo(BackendVersion? other)
        {
            if (other == null) return 1;
            if (Major != other.Major) return Major.CompareTo(other.Major);
            if (Minor != other.Minor) return Minor.CompareTo(other.Minor);
            return Patch.CompareTo(other.Patch);
        }

        public override string ToString() => Text;
    }

    /// <summary>
    /// Finds the backend version the market bodies depend on (protocol §7.3): the profile's cached value when it is
    /// less than an hour old, else GET {desktop}/api/olares-info (cached back into config.json, as olares-cli does).
    /// A failed probe is not fatal: the oldest known request shapes are used.
    /// </summary>
    public static class BackendVersionResolver
    {
        public static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(1);

        public static async Task<BackendVersion?> ResolveAsync(OlaresContext context, OlaresSession session, CancellationToken ct, DateTimeOffset? now = null)
        {
            var at = now ?? DateTimeOffset.UtcNow;
            var id = session.Id.Value;
            var profile = context.Config.Load().FindProfile(id);
            if (profile != null && profile.BackendVersionRefreshedAt > 0)
            {
                var cached = BackendVersion.TryParse(profile.BackendVersion);
                var age = at - DateTimeOffset.FromUnixTimeSeconds(profile.BackendVersionRefreshedAt);
                if (cached != null && age >= TimeSpan.Zero && age < CacheLifetime)
                {
                    OlaresLog.Debug("Olares version " + cached + " (cached in config.json).");
                    return cached;
                }
            }

            string? text;
            try
            {
                text = await DesktopClient.GetOsVersionAsync(session, ct).ConfigureAwait(false);
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
            try
            {
                context.UpdateProfile(id, p =>
                {
                    p.BackendVersion = version.Text;
                    p.BackendVersionRefreshedAt = at.ToUnixTimeSeconds();
                }, ct);
            }
            catch (OlaresException e)
            {
                OlaresLog.Debug("Could not cache the Olares version in config.json: " + e.Message);
            }

            return version;
        }
    }
}
