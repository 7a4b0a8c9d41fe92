using System;
using System.Net;
using System.Net.Http;

namespace Olares.Http
{
    /// <summary>
    /// The socket-level handler under every client. Redirects are never followed here (the redirect handler above
    /// the refreshing handler does it, so credentials cannot ride a redirect to another origin), cookies are not
    /// managed here (the refreshing handler writes the auth cookie itself) and TLS checks are off only when the
    /// profile says so.
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
