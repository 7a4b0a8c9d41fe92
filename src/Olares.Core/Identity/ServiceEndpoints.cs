using System;
using System.Collections.Generic;
using System.Linq;
using Olares.Configuration;
using Olares.Errors;

namespace Olares.Identity
{
    /// <summary>
    /// The base URL of every Olares service for one identity. By default
    /// <c>https://{service}.{prefix}{local}.{domain}</c> as olares-cli derives them; a profile can instead carry a
    /// URL template (e.g. <c>http://127.0.0.1:5000/{service}</c> for a local emulator) and per-service overrides.
    /// </summary>
    public sealed class ServiceEndpoints
    {
        public const string DefaultTemplate = "https://{service}.{prefix}{local}.{domain}";

        public static readonly IReadOnlyList<string> ServiceNames = new[]
        {
            "auth", "vault", "desktop", "settings", "files", "market", "dashboard", "control-hub",
        };

        private readonly Dictionary<string, Uri> _urls;

        private ServiceEndpoints(Dictionary<string, Uri> urls)
        {
            _urls = urls;
        }

        public Uri Auth => _urls["auth"];

        public Uri Vault => _urls["vault"];

        public Uri Desktop => _urls["desktop"];

        public Uri Settings => _urls["settings"];

        public Uri Files => _urls["files"];

        public Uri Market => _urls["market"];

        public Uri Dashboard => _urls["dashboard"];

        public Uri ControlHub => _urls["control-hub"];

        public Uri this[string service] => _urls.TryGetValue(service, out var u) ? u : throw new ArgumentException("Unknown Olares service " + service, nameof(service));

        /// <summary>All service URLs by name, for display.</summary>
        public IReadOnlyDictionary<string, Uri> All => _urls;

        /// <summary>True when <paramref name="uri"/> has the scheme, host and port of one of the services: only those get credentials.</summary>
        public bool IsOwnOrigin(Uri? uri)
        {
            if (uri == null || !uri.IsAbsoluteUri) return false;
            foreach (var u in _urls.Values)
            {
                if (Uri.Compare(u, uri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0) return true;
            }

            return false;
        }

        /// <summary>A string that changes whenever any URL changes (session cache key).</summary>
        public string Fingerprint => string.Join("|", _urls.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value.AbsoluteUri));

        public static ServiceEndpoints Resolve(OlaresId id, ProfileConfig? profile, ModuleProfileSettings? settings)
        {
            var template = string.IsNullOrWhiteSpace(settings?.ServiceUrlTemplate) ? DefaultTemplate : settings!.ServiceUrlTemplate!.Trim();
            ValidateTemplate(template);
            var prefix = profile?.LocalUrlPrefix ?? string.Empty;
            var urls = new Dictionary<string, Uri>(StringComparer.Ordinal);
            foreach (var service in ServiceNames)
            {
                string text;
                if (settings?.ServiceUrls != null && settings.ServiceUrls.TryGetValue(service, out var overridden) && !string.IsNullOrWhiteSpace(overridden))
                {
                    text = overridden.Trim();
                }
                else
                {
                    text = Expand(template, service, id, prefix);
                    if (service == "vault") text = text.TrimEnd('/') + "/server";
                }

                if (service == "auth" && !string.IsNullOrWhiteSpace(profile?.AuthUrlOverride)) text = profile!.AuthUrlOverride!.Trim();
                urls[service] = ParseAbsolute(text.TrimEnd('/'), service);
            }

            return new ServiceEndpoints(urls);
        }

        /// <summary>Refuses templates that cannot yield one URL per service.</summary>
        public static void ValidateTemplate(string template)
        {
            if (template.IndexOf("{service}", StringComparison.Ordinal) < 0)
            {
                throw new OlaresArgumentException("OlaresInvalidServiceUrlTemplate",
                    "The service URL template \"" + template + "\" must contain {service}, e.g. http://127.0.0.1:5000/{service}.", template);
            }

            var sample = Expand(template, "desktop", OlaresId.Parse("alice@olares.com"), string.Empty);
            ParseAbsolute(sample, "template");
        }

        private static string Expand(string template, string service, OlaresId id, string prefix) =>
            template.Replace("{service}", service)
                .Replace("{prefix}", prefix)
                .Replace("{local}", id.Local)
                .Replace("{domain}", id.Domain)
                .Replace("{terminusName}", id.TerminusName);

        private static Uri ParseAbsolute(string text, string what)
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                return uri;
            }

            throw new OlaresArgumentException("OlaresInvalidServiceUrl", "\"" + text + "\" (" + what + ") is not an absolute http(s) URL.", text);
        }
    }
}
