using System;
using System.Net.Http;
using System.Threading;
using Olares.Http;

namespace Olares.Rest
{
    /// <summary>
    /// Clients that never carry a login: the redirect, per-attempt timeout and socket handlers of a session, without
    /// the refreshing handler, so not even a redirect to one of the profile's services picks up the token.
    /// </summary>
    internal static class AnonymousHttp
    {
        private static readonly Lazy<Clients> Secure = new Lazy<Clients>(() => new Clients(false), LazyThreadSafetyMode.ExecutionAndPublication);
        private static readonly Lazy<Clients> Insecure = new Lazy<Clients>(() => new Clients(true), LazyThreadSafetyMode.ExecutionAndPublication);

        public static HttpClient Json(bool insecureSkipVerify) => (insecureSkipVerify ? Insecure : Secure).Value.Json;

        public static HttpClient Transfer(bool insecureSkipVerify) => (insecureSkipVerify ? Insecure : Secure).Value.Transfer;

        private sealed class Clients
        {
            public Clients(bool insecureSkipVerify)
            {
                var chain = new RedirectHandler { InnerHandler = new AttemptTimeoutHandler { InnerHandler = PrimaryHandler.Create(insecureSkipVerify) } };
                Json = new HttpClient(new TimeoutTagHandler(OlaresSession.JsonTimeout, chain), disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
                Transfer = new HttpClient(chain, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            }

            public HttpClient Json { get; }

            public HttpClient Transfer { get; }
        }
    }
}
