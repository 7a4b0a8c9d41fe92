using System;

namespace Olares.Http
{
    public static class Urls
    {
        /// <summary>Appends an already-encoded path (and query) to a service base URL, with exactly one '/' between.</summary>
        public static Uri Append(Uri baseUrl, string pathAndQuery) =>
            new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + (pathAndQuery.StartsWith("/", StringComparison.Ordinal) ? pathAndQuery : "/" + pathAndQuery));
    }
}
