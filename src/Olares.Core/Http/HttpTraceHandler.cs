using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Olares.Http
{
    /// <summary>
    /// Writes one debug line per network attempt (what -Debug shows for a bug report): method, URL, status and
    /// elapsed time, or the failure. Headers are never written (they carry the token and the auth cookie), and
    /// query values whose names suggest a secret are redacted, as is anything token-shaped.
    /// </summary>
    public sealed class HttpTraceHandler : DelegatingHandler
    {
        // Query parameter names (substrings, any case) whose values are never shown.
        private static readonly string[] SecretNames = { "token", "auth", "pass", "secret", "key", "sig", "session", "code", "cookie", "credential", "otp", "ticket" };

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (OlaresLog.Current == null) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var line = request.Method.Method + " " + DescribeUrl(request.RequestUri);
            var watch = Stopwatch.StartNew();
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Write(line + " -> failed after " + Ms(watch) + ": " + ResponseText.Redact(Innermost(e)));
                throw;
            }

            var status = (int)response.StatusCode;
            var location = status >= 300 && status < 400 && response.Headers.Location != null
                ? " -> " + DescribeUrl(response.Headers.Location)
                : string.Empty;
            Write(line + " -> " + status.ToString(CultureInfo.InvariantCulture) + " " + response.ReasonPhrase + " (" + Ms(watch) + ")" + location);
            return response;
        }

        /// <summary>Scheme, host, port and path; the query with the values of secret-looking names redacted; never user info.</summary>
        public static string DescribeUrl(Uri? url)
        {
            if (url == null) return "(no URL)";
            if (!url.IsAbsoluteUri) return ResponseText.Redact(RedactQuery(url.OriginalString));
            return ResponseText.Redact(url.Scheme + "://" + url.Authority + url.AbsolutePath + RedactQuery(url.Query));
        }

        private static string RedactQuery(string text)
        {
            var start = text.IndexOf('?');
            if (start < 0) return text;
            var result = new StringBuilder(text.Substring(0, start + 1));
            var pairs = text.Substring(start + 1).Split('&');
            for (var i = 0; i < pairs.Length; i++)
            {
                if (i > 0) result.Append('&');
                var eq = pairs[i].IndexOf('=');
                var name = eq < 0 ? pairs[i] : pairs[i].Substring(0, eq);
                result.Append(eq < 0 || !LooksSecret(name) ? pairs[i] : name + "=<redacted>");
            }

            return result.ToString();
        }

        private static bool LooksSecret(string name)
        {
            var decoded = Uri.UnescapeDataString(name);
            foreach (var secret in SecretNames)
            {
                if (decoded.IndexOf(secret, StringComparison.OrdinalIgnoreCase) >= 0) return true;
            }

            return false;
        }

        // A trace line must never change the outcome of a request (the log may already be gone after Ctrl+C).
        private static void Write(string line)
        {
            try
            {
                OlaresLog.Debug("HTTP " + line);
            }
            catch (ObjectDisposedException)
            {
            }
        }

        private static string Ms(Stopwatch watch) => watch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms";

        private static string Innermost(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e.Message;
        }
    }
}
