using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Threading;
using Olares.Auth;
using Olares.Identity;

namespace Olares.Http
{
    /// <summary>
    /// The HTTP side of one identity at one set of service URLs, shared by every runspace of the process: two
    /// long-lived clients over one handler chain (redirect → refreshing → per-attempt timeout → sockets), a timed one
    /// for JSON calls and an untimed one for transfers that rely on cancellation instead. The login itself (token,
    /// refresh, store) belongs to the identity's <see cref="OlaresCredential"/>.
    /// </summary>
    public sealed class OlaresSession : IDisposable
    {
        public static readonly TimeSpan JsonTimeout = TimeSpan.FromSeconds(30);

        private static readonly ConcurrentDictionary<string, Lazy<OlaresSession>> Sessions = new ConcurrentDictionary<string, Lazy<OlaresSession>>(StringComparer.Ordinal);

        private readonly HttpMessageHandler _chain;

        public OlaresSession(OlaresCredential credential, OlaresId id, ServiceEndpoints endpoints, bool insecureSkipVerify)
        {
            Credential = credential ?? throw new ArgumentNullException(nameof(credential));
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Endpoints = endpoints ?? throw new ArgumentNullException(nameof(endpoints));
            InsecureSkipVerify = insecureSkipVerify;

            // One handler chain, built by hand: redirect → refreshing → trace (one -Debug line per network attempt) →
            // per-attempt timeout → sockets. Both clients sit on it; only the JSON one tags its requests with a 30 s
            // bound per attempt. (Handler rotation, what IHttpClientFactory adds, is not wanted for long-lived clients:
            // the sockets handler renews pooled connections itself.)
            _chain = new RedirectHandler
            {
                InnerHandler = new RefreshingHandler(credential, endpoints)
                {
                    InnerHandler = new HttpTraceHandler
                    {
                        InnerHandler = new AttemptTimeoutHandler { InnerHandler = PrimaryHandler.Create(insecureSkipVerify) },
                    },
                },
            };
            Json = new HttpClient(new TimeoutTagHandler(JsonTimeout, _chain), disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = ResponseText.MaxJsonBytes };
            Transfer = new HttpClient(_chain, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = ResponseText.MaxJsonBytes };
        }

        public OlaresCredential Credential { get; }

        /// <summary>The parsed identity (host names are derived from it).</summary>
        public OlaresId Id { get; }

        /// <summary>The identity key (config.json's spelling of the olaresId).</summary>
        public string OlaresId => Credential.OlaresId;

        public ServiceEndpoints Endpoints { get; }

        public bool InsecureSkipVerify { get; }

        /// <summary>For JSON calls: each network attempt must answer within 30 s (a refresh wait is not counted).</summary>
        public HttpClient Json { get; }

        /// <summary>For downloads and uploads: no overall timeout; cancellation ends it.</summary>
        public HttpClient Transfer { get; }

        /// <summary>The process-wide session of a credential at these URLs, created once and shared by all runspaces.</summary>
        public static OlaresSession For(OlaresCredential credential, OlaresId id, ServiceEndpoints endpoints, bool insecureSkipVerify)
        {
            var key = credential.Key + "\n" + endpoints.Fingerprint + "\n" + insecureSkipVerify;
            return Sessions.GetOrAdd(key, _ => new Lazy<OlaresSession>(
                () => new OlaresSession(credential, id, endpoints, insecureSkipVerify), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        }

        /// <summary>
        /// Forgets the sessions of a credential (after a logout), so they are not kept alive for nothing. They are
        /// not disposed: another runspace may be mid-request on them, and its credential now fails typed.
        /// </summary>
        public static void Forget(OlaresCredential credential)
        {
            var prefix = credential.Key + "\n";
            foreach (var key in Sessions.Keys)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal)) Sessions.TryRemove(key, out _);
            }
        }

        public void Dispose()
        {
            Json.Dispose();
            Transfer.Dispose();
            _chain.Dispose();
        }
    }
}
