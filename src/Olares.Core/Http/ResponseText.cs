using System;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Http
{
    /// <summary>Reading and describing response bodies without ever echoing a secret.</summary>
    public static class ResponseText
    {
        // Anything shaped like a JWT, and long opaque strings: they may be tokens.
        private static readonly Regex JwtLike = new Regex("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}", RegexOptions.CultureInvariant);
        private static readonly Regex LongOpaque = new Regex("[A-Za-z0-9_\\-+/=]{40,}", RegexOptions.CultureInvariant);

        public static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct)
        {
            if (response.Content == null) return string.Empty;
#if NET
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
#else
            var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
#endif
            return Encoding.UTF8.GetString(bytes);
        }

        /// <summary>A short, secret-free excerpt of a body for an error message.</summary>
        public static string Snippet(string? body, int max = 256)
        {
            if (string.IsNullOrEmpty(body)) return string.Empty;
            var text = Redact(body!.Trim());
            text = Regex.Replace(text, "\\s+", " ");
            return text.Length <= max ? text : text.Substring(0, max) + "…";
        }

        public static string Redact(string text) => LongOpaque.Replace(JwtLike.Replace(text, "<redacted>"), "<redacted>");

        public static bool LooksLikeHtml(HttpResponseMessage response, string body)
        {
            var type = response.Content?.Headers.ContentType?.MediaType ?? string.Empty;
            if (type.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0) return true;
            var t = body.TrimStart();
            return t.StartsWith("<", StringComparison.Ordinal);
        }

        /// <summary>
        /// Parses a JSON body, turning HTML pages and truncated or malformed JSON into a typed
        /// <see cref="OlaresProtocolException"/> that says what came back.
        /// </summary>
        public static JsonDocument ParseJson(HttpResponseMessage response, string body, string what)
        {
            var status = (int)response.StatusCode;
            if (LooksLikeHtml(response, body))
            {
                throw new OlaresProtocolException(what, status, "the server sent an HTML page instead of JSON (is the URL right, and is the request authenticated?)");
            }

            if (string.IsNullOrWhiteSpace(body))
            {
                throw new OlaresProtocolException(what, status, "the response body is empty");
            }

            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                throw new OlaresProtocolException(what, status, "the response is not valid JSON (" + e.Message + "): " + Snippet(body, 120), e);
            }
        }
    }
}
