using System;
using System.Linq;
using Olares.Errors;
using Olares.Http;
using Olares.Identity;

namespace Olares.Rest
{
    /// <summary>
    /// Where a raw API call goes: a path on one of the profile's services (the URL template's service names), or an
    /// absolute URL, which carries the login only when it is one of the profile's own origins.
    /// </summary>
    public static class RestTarget
    {
        /// <summary>The service's base URL followed by <paramref name="path"/> (and its query), used as given.</summary>
        public static Uri ForService(ServiceEndpoints endpoints, string? service, string? path)
        {
            if (endpoints == null) throw new ArgumentNullException(nameof(endpoints));
            var name = FindService(service);
            var text = (path ?? string.Empty).Trim();
            if (HasControlCharacters(text))
            {
                throw new OlaresArgumentException("OlaresInvalidRestPath", "The path contains control characters.", path)
                {
                    RecommendedAction = "Percent-encode the characters, for example with [uri]::EscapeDataString().",
                };
            }

            if (text.StartsWith("//", StringComparison.Ordinal) || text.StartsWith("\\", StringComparison.Ordinal) || LooksAbsolute(text))
            {
                throw new OlaresArgumentException("OlaresInvalidRestPath",
                    "\"" + text + "\" is not a path on the " + name + " service: give a path such as /api/olares-info, or an absolute URL with -Uri.", path)
                {
                    RecommendedAction = "Invoke-OlaresRestMethod -Uri <absolute URL>, or a path that starts with /",
                };
            }

            var baseUrl = endpoints[name];
            var url = text.Length == 0 ? baseUrl : Urls.Append(baseUrl, text);
            // A relative path cannot leave the service's origin; checked anyway, since the login rides on it.
            if (!SameOrigin(url, baseUrl))
            {
                throw new OlaresArgumentException("OlaresInvalidRestPath", "\"" + text + "\" leads away from the " + name + " service.", path);
            }

            return url;
        }

        /// <summary>
        /// An absolute http(s) URL. Unless <paramref name="anonymous"/>, it must be one of the profile's own origins:
        /// the login is never sent anywhere else.
        /// </summary>
        public static Uri ForUri(ServiceEndpoints endpoints, string? uri, bool anonymous)
        {
            if (endpoints == null) throw new ArgumentNullException(nameof(endpoints));
            var text = (uri ?? string.Empty).Trim();
            if (HasControlCharacters(text) || !System.Uri.TryCreate(text, UriKind.Absolute, out var parsed)
                || (parsed.Scheme != System.Uri.UriSchemeHttp && parsed.Scheme != System.Uri.UriSchemeHttps))
            {
                throw new OlaresArgumentException("OlaresInvalidUri", "\"" + text + "\" is not an absolute http(s) URL.", uri)
                {
                    RecommendedAction = "Pass a URL such as https://desktop.alice.olares.com/api/olares-info, or use -Service and -Path.",
                };
            }

            if (!anonymous && !endpoints.IsOwnOrigin(parsed)) throw new OlaresForeignOriginException(parsed);
            return parsed;
        }

        /// <summary>The canonical spelling of a service name (any case), or a typed error listing the names.</summary>
        public static string FindService(string? service)
        {
            var wanted = (service ?? string.Empty).Trim();
            var name = ServiceEndpoints.ServiceNames.FirstOrDefault(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
            if (name != null) return name;
            throw new OlaresArgumentException("OlaresUnknownService",
                "\"" + wanted + "\" is not an Olares service. The services are: " + string.Join(", ", ServiceEndpoints.ServiceNames) + ".", service)
            {
                RecommendedAction = "Invoke-OlaresRestMethod -Service <" + string.Join("|", ServiceEndpoints.ServiceNames) + "> -Path <path>",
            };
        }

        /// <summary>What an error message names for a call: method and URL without its query (which may hold secrets).</summary>
        public static string Describe(string method, Uri url) => method + " " + url.GetLeftPart(UriPartial.Path);

        internal static bool SameOrigin(Uri a, Uri b) =>
            System.Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

        private static bool LooksAbsolute(string text)
        {
            var colon = text.IndexOf(':');
            if (colon <= 0) return false;
            var slash = text.IndexOf('/');
            var query = text.IndexOf('?');
            // "scheme:" before any '/' or '?' is a URL, not a path ("/api/a:b" and "?t=1:2" are paths).
            return (slash < 0 || colon < slash) && (query < 0 || colon < query);
        }

        private static bool HasControlCharacters(string text)
        {
            foreach (var c in text)
            {
                if (c < 0x20 || c == 0x7f) return true;
            }

            return false;
        }
    }
}
