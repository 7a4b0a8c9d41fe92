using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;
using Olares.Auth;
using Olares.Identity;
using Olares.Storage;

namespace Olares.Http
{
    /// <summary>
    /// Everything one identity needs to talk to its server, shared by every runspace of the process: one token
    /// cell, one refresher, and two long-lived clients over one handler chain (redirect → refreshing → sockets),
    /// a timed one for JSON calls and an untimed one for transfers that rely on cancellation instead.
    /// </summary>
    public sealed class OlaresSession : IDisposable
    {
        public static readonly TimeSpan JsonTimeout = TimeSpan.FromSeconds(30);

        private static readonly ConcurrentDictionary<string, Lazy<OlaresSession>> Sessions = new ConcurrentDictionary<string, Lazy<OlaresSession>>(StringComparer.Ordinal);

        private readonly ServiceProvider _services;

        private OlaresSession(string home, OlaresId id, ServiceEndpoints endpoints, ITokenStore store, bool insecure, string? initialToken)
        {
            Home = home;
            Id = id;
            Endpoints = endpoints;
            Store = store;
            InsecureSkipVerify = insecure;
            Token = new TokenCell(initialToken);
            Refresher = new Refresher(store, home, insecure);

            // One handler chain: redirect → refreshing → trace (one -Debug line per network attempt) → per-attempt
            // timeout → sockets. Both clients sit on it; only the JSON one tags its requests with a 30 s bound per attempt.
            var services = new ServiceCollection();
            services.AddHttpClient(ClientName)
                .ConfigurePrimaryHttpMessageHandler(() => PrimaryHandler.Create(insecure))
                .AddHttpMessageHandler(() => new RedirectHandler())
                .AddHttpMessageHandler(() => new RefreshingHandler(id.Value, endpoints, Token, Refresher))
                .AddHttpMessageHandler(() => new HttpTraceHandler())
                .AddHttpMessageHandler(() => new AttemptTimeoutHandler())
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
                .RemoveAllLoggers();
            _services = services.BuildServiceProvider();
            var chain = _services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(ClientName);
            Json = new HttpClient(new TimeoutTagHandler(JsonTimeout, chain), disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = ResponseText.MaxJsonBytes };
            Transfer = new HttpClient(chain, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = ResponseText.MaxJsonBytes };
        }

        private const string ClientName = "olares";

        public string Home { get; }

        public OlaresId Id { get; }

        public ServiceEndpoints Endpoints { get; }

        public ITokenStore Store { get; }

        public bool InsecureSkipVerify { get; }

        public TokenCell Token { get; }

        public Refresher Refresher { get; }

        /// <summary>For JSON calls: each network attempt must answer within 30 s (a refresh wait is not counted).</summary>
        public HttpClient Json { get; }

        /// <summary>For downloads and uploads: no overall timeout; cancellation ends it.</summary>
        public HttpClient Transfer { get; }

        /// <summary>
        /// The process-wide session for this identity and these URLs, created once and shared by all runspaces.
        /// The token cell is brought up to date with what is stored, so a token rotated by another process is
        /// used at once instead of costing a 401.
        /// </summary>
        public static OlaresSession Get(string home, OlaresId id, ServiceEndpoints endpoints, ITokenStore store, bool insecure, string? storedAccessToken)
        {
            var key = Key(home, id) + "\n" + endpoints.Fingerprint + "\n" + insecure;
            var session = Sessions.GetOrAdd(key, _ => new Lazy<OlaresSession>(
                () => new OlaresSession(home, id, endpoints, store, insecure, storedAccessToken), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
            session.Token.Update(storedAccessToken);
            return session;
        }

        /// <summary>
        /// Forgets the sessions of an identity (after a login or logout), so the next command builds a new one.
        /// The old ones are not disposed: another runspace may be mid-request on them.
        /// </summary>
        public static void Forget(string home, string olaresId)
        {
            var prefix = home + "\n" + olaresId + "\n";
            foreach (var key in Sessions.Keys)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal)) Sessions.TryRemove(key, out _);
            }
        }

        public void Dispose()
        {
            Json.Dispose();
            Transfer.Dispose();
            _services.Dispose();
        }

        private static string Key(string home, OlaresId id) => home + "\n" + id.Value;
    }
}
