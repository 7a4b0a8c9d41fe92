using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Http
{
    /// <summary>Reading and describing response bodies without ever echoing a secret, and without reading more than a bound.</summary>
    public static class ResponseText
    {
        /// <summary>
        /// The most a JSON answer may hold after decompression. The largest real ones (a folder listing of tens of
        /// thousands of entries, the whole app catalog) stay well below; a hostile server cannot fill memory.
        /// </summary>
        public const int MaxJsonBytes = 64 << 20;

        /// <summary>The most a login or refresh answer may hold: a few tokens.</summary>
        public const int MaxAuthBytes = 1 << 20;

        // Anything shaped like a JWT, and long opaque strings: they may be tokens.
        private static readonly Regex JwtLike = new Regex("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}", RegexOptions.CultureInvariant);
        private static readonly Regex LongOpaque = new Regex("[A-Za-z0-9_\\-+/=]{40,}", RegexOptions.CultureInvariant);

        // The exact secrets the current exchange sent (see RedactingSentValues): redacted whatever their shape.
        private static readonly AsyncLocal<string[]?> SentSecrets = new AsyncLocal<string[]?>();

        private const int MinSecretLength = 4;

        /// <summary>The body as text, at most <see cref="MaxJsonBytes"/>; see <see cref="ReadAsync(HttpResponseMessage, int, CancellationToken)"/>.</summary>
        public static Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct) => ReadAsync(response, MaxJsonBytes, ct);

        /// <summary>
        /// The body as text, refusing more than <paramref name="maxBytes"/> (<see cref="OlaresResponseTooLargeException"/>).
        /// A connection that breaks before the body ends is <see cref="OlaresConnectionException"/>, not a local I/O error.
        /// A body that cannot be read is of no use, so the response is disposed then (its connection is dropped).
        /// </summary>
        public static async Task<string> ReadAsync(HttpResponseMessage response, int maxBytes, CancellationToken ct)
        {
            if (response.Content == null) return string.Empty;
            try
            {
                var bytes = await ReadBoundedAsync(response.Content, maxBytes, response.RequestMessage?.RequestUri, ct).ConfigureAwait(false);
                return Encoding.UTF8.GetString(bytes);
            }
            catch (IOException e)
            {
                response.Dispose();
                ct.ThrowIfCancellationRequested();
                throw new OlaresConnectionException(Where(response.RequestMessage?.RequestUri), e);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Reads a body into memory, at most <paramref name="maxBytes"/> counted after decompression, so that a
        /// small gzip body inflating to gigabytes stops at the bound. A declared Content-Length over the bound is
        /// refused before reading. Transport failures surface as the <see cref="IOException"/> they are.
        /// </summary>
        internal static async Task<byte[]> ReadBoundedAsync(HttpContent content, int maxBytes, Uri? url, CancellationToken ct)
        {
            var declared = content.Headers.ContentLength;
            if (declared > maxBytes) throw new OlaresResponseTooLargeException(Where(url), maxBytes);
#if NET
            using var body = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
#else
            using var body = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            // Segments instead of one growing array: no doubling copies, so reaching the bound costs the bound and no
            // more. The first segment is the declared length (exact for most JSON answers), later ones grow to 1 MiB.
            var segments = new List<byte[]>();
            var segment = new byte[declared > 0 ? (int)Math.Min(declared.Value, MaxSegment) : FirstSegment];
            var used = 0;
            long total = 0;
            var scratch = new byte[81920];
            while (true)
            {
                var read = await body.ReadAsync(scratch, 0, scratch.Length, ct).ConfigureAwait(false);
                if (read == 0) break;
                total += read;
                if (total > maxBytes) throw new OlaresResponseTooLargeException(Where(url), maxBytes);
                for (var copied = 0; copied < read;)
                {
                    if (used == segment.Length)
                    {
                        segments.Add(segment);
                        segment = new byte[Math.Min(Math.Max(segment.Length, FirstSegment) * 2, MaxSegment)];
                        used = 0;
                    }

                    var n = Math.Min(read - copied, segment.Length - used);
                    Buffer.BlockCopy(scratch, copied, segment, used, n);
                    copied += n;
                    used += n;
                }
            }

            if (segments.Count == 0 && used == segment.Length) return segment;
            var whole = new byte[total];
            var at = 0;
            foreach (var full in segments)
            {
                Buffer.BlockCopy(full, 0, whole, at, full.Length);
                at += full.Length;
            }

            Buffer.BlockCopy(segment, 0, whole, at, used);
            return whole;
        }

        private const int FirstSegment = 16 * 1024;

        private const int MaxSegment = 1 << 20;

        /// <summary>A URL for a message: scheme, host, port and path; never the query or user info.</summary>
        public static string Where(Uri? url) =>
            url == null ? "the server" : url.IsAbsoluteUri ? url.Scheme + "://" + url.Authority + url.AbsolutePath : url.OriginalString.Split('?')[0];

        /// <summary>
        /// Until the returned scope is disposed, <see cref="Redact"/> and <see cref="Snippet"/> on this logical call
        /// also replace these exact values: the secrets a request sent, which a server may
        /// echo in an error body whatever their shape (a refresh token that is a 36-character UUID escapes the patterns).
        /// </summary>
        public static IDisposable RedactingSentValues(params string?[] secrets)
        {
            var previous = SentSecrets.Value;
            var all = new List<string>(previous ?? Array.Empty<string>());
            foreach (var secret in secrets)
            {
                if (secret == null || secret.Length < MinSecretLength) continue;
                all.Add(secret);
            }

            // Longest first, so that a secret containing another is replaced whole.
            all.Sort((a, b) => b.Length.CompareTo(a.Length));
            SentSecrets.Value = all.ToArray();
            return new Scope(previous);
        }

        /// <summary>A short, secret-free excerpt of a body for an error message.</summary>
        public static string Snippet(string? body, int max = 256)
        {
            if (string.IsNullOrEmpty(body)) return string.Empty;
            var text = Redact(body!.Trim());
            text = Regex.Replace(text, "\\s+", " ");
            return text.Length <= max ? text : text.Substring(0, max) + "…";
        }

        public static string Redact(string text)
        {
            var sent = SentSecrets.Value;
            if (sent != null)
            {
                foreach (var secret in sent) text = text.Replace(secret, "<redacted>");
            }

            return LongOpaque.Replace(JwtLike.Replace(text, "<redacted>"), "<redacted>");
        }

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

        private sealed class Scope : IDisposable
        {
            private readonly string[]? _previous;

            public Scope(string[]? previous)
            {
                _previous = previous;
            }

            public void Dispose() => SentSecrets.Value = _previous;
        }
    }
}
