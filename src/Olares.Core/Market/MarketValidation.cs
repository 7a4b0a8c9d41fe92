using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Olares.Errors;

namespace Olares.Market
{
    /// <summary>Checks made before any request is sent (protocol §7.2): versions are strict semver, env names are identifiers.</summary>
    public static class MarketValidation
    {
        public const string DefaultSource = "market.olares";
        public const string UploadSource = "upload";

        /// <summary>The sources every Olares has: the public market, uploaded charts and Studio's apps.</summary>
        public static readonly string[] KnownSources = { DefaultSource, UploadSource, "studio" };

        private static readonly Regex EnvName = new Regex("^[A-Za-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);
        private static readonly Regex Identifier = new Regex("^[0-9A-Za-z-]+$", RegexOptions.CultureInvariant);
        private static readonly Regex Numeric = new Regex("^[0-9]+$", RegexOptions.CultureInvariant);

        /// <summary>True for MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], optionally with a leading "v".</summary>
        public static bool IsSemVer(string? version)
        {
            if (string.IsNullOrEmpty(version)) return false;
            var v = version!.StartsWith("v", StringComparison.Ordinal) ? version.Substring(1) : version;
            string? build = null, pre = null;
            var plus = v.IndexOf('+');
            if (plus >= 0)
            {
                build = v.Substring(plus + 1);
                v = v.Substring(0, plus);
            }

            var dash = v.IndexOf('-');
            if (dash >= 0)
            {
                pre = v.Substring(dash + 1);
                v = v.Substring(0, dash);
            }

            var core = v.Split('.');
            if (core.Length != 3) return false;
            foreach (var n in core)
            {
                if (!IsNumber(n)) return false;
            }

            if (pre != null && !Identifiers(pre, numericNoLeadingZero: true)) return false;
            if (build != null && !Identifiers(build, numericNoLeadingZero: false)) return false;
            return true;
        }

        /// <summary>Throws OlaresInvalidVersion unless <paramref name="version"/> is strict semver.</summary>
        public static void RequireVersion(string version, string app)
        {
            if (!IsSemVer(version))
            {
                throw new OlaresArgumentException("OlaresInvalidVersion",
                    string.Format(CultureInfo.InvariantCulture,
                        "Invalid version \"{0}\" for '{1}': it must be a valid semantic version such as 1.2.3 or v1.2.3-rc.1.", version, app), version);
            }
        }

        public static bool IsEnvName(string? name) => !string.IsNullOrEmpty(name) && EnvName.IsMatch(name);

        /// <summary>Throws OlaresInvalidEnvName for the first name that is not ^[A-Za-z][A-Za-z0-9_]*$.</summary>
        public static void RequireEnvNames(IEnumerable<AppEnvVar> envs)
        {
            foreach (var e in envs)
            {
                if (!IsEnvName(e.Name))
                {
                    throw new OlaresArgumentException("OlaresInvalidEnvName",
                        string.Format(CultureInfo.InvariantCulture,
                            "Invalid environment variable name \"{0}\": it must start with a letter and contain only letters, digits and '_'.", e.Name), e.Name);
                }
            }
        }

        /// <summary>Throws OlaresInvalidAppName for names that cannot be an app (empty, or with '/', '?', '#', spaces).</summary>
        public static void RequireAppName(string? name)
        {
            if (string.IsNullOrWhiteSpace(name) || name!.IndexOfAny(new[] { '/', '\\', '?', '#', ' ', '%' }) >= 0)
            {
                throw new OlaresArgumentException("OlaresInvalidAppName",
                    string.Format(CultureInfo.InvariantCulture, "\"{0}\" is not a valid app name.", name), name);
            }
        }

        private static bool IsNumber(string s) => Numeric.IsMatch(s) && (s.Length == 1 || s[0] != '0');

        private static bool Identifiers(string text, bool numericNoLeadingZero)
        {
            foreach (var id in text.Split('.'))
            {
                if (!Identifier.IsMatch(id)) return false;
                if (numericNoLeadingZero && Numeric.IsMatch(id) && !IsNumber(id)) return false;
            }

            return true;
        }
    }
}
