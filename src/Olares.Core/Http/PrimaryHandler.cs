using System;
using System.Net;
using System.Net.Http;
#if !NET
using System.Security.Authentication;
#endif

namespace Olares.Http
{
    /// <summary>
    /// The socket-level handler under every client. Redirects are never followed here (the redirect handler above
    /// the refreshing handler does it, so credentials cannot ride a redirect to another origin), cookies are not
    /// managed here (the refreshing handler writes the auth cookie itself), TLS checks are off only when the
    /// profile says so, and on .NET Framework TLS 1.2/1.3 are asked for instead of the process-wide default.
    /// </summary>
    public static class PrimaryHandler
    {
        public static HttpMessageHandler Create(bool insecureSkipVerify, CookieContainer? cookies = null)
        {
#if NET
            var handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = cookies != null,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(15),
                MaxConnectionsPerServer = 64,
            };
            if (cookies != null) handler.CookieContainer = cookies;
            if (insecureSkipVerify)
            {
                handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            }

            return handler;
#else
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseCookies = cookies != null,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                MaxConnectionsPerServer = 64,
            };

            // Otherwise ServicePointManager.SecurityProtocol decides, which on Windows PowerShell 5.1 is often Ssl3|Tls.
            // 12288 is SslProtocols.Tls13, which the net472 reference assemblies do not name; a Windows without TLS 1.3
            // negotiates 1.2; a .NET Framework runtime that refuses the value (older than 4.8) gets TLS 1.2 alone.
            try
            {
                handler.SslProtocols = SslProtocols.Tls12 | (SslProtocols)12288;
            }
            catch (Exception e) when (e is NotSupportedException || e is ArgumentException)
            {
                handler.SslProtocols = SslProtocols.Tls12;
            }

            if (cookies != null) handler.CookieContainer = cookies;
            if (insecureSkipVerify)
            {
                handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
            }

            return handler;
#endif
        }
    }
}
