using System.Security.Cryptography;

namespace Olares.Emulator;

/// <summary>One request seen by the emulator (admin requests are not recorded). Query has no leading "?"; header lookup ignores case.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset Time);

/// <summary>Outcome of checking an access token.</summary>
internal enum TokenCheck { Valid, Missing, Malformed, Expired, ForceExpired, Revoked, FirstFactorOnly, UnknownUser }

/// <summary>What a successful login or refresh hands out.</summary>
internal sealed record IssuedTokens(string AccessToken, string RefreshToken, string SessionId, string GrantId);

/// <summary>
/// Thread-safe knobs, counters, users, grants and injected failures of one emulator instance.
/// The admin endpoints (/_admin/...) and in-process tests use the same object.
/// </summary>
public sealed partial class EmulatorState
{
    /// <summary>Maximum number of recorded requests kept (oldest dropped first).</summary>
    public const int MaxRecordedRequests = 500;

    private readonly object _gate = new();
    private readonly EmulatorJwt _jwt = new();
    private readonly Dictionary<string, EmulatorUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly LinkedList<RecordedRequest> _requests = new();
    private readonly Dictionary<string, Queue<InjectedFailure>> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Grant> _grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshEntry> _refreshTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _liveJtis = new(StringComparer.Ordinal);
    private readonly HashSet<string> _forceExpiredJtis = new(StringComparer.Ordinal);

    private int _refreshCalls;
    private int _refreshesAnswered;
    private int _reuseDetections;
    private int _tokenLifetimeSeconds;
    private int _refreshLatencyMs;
    private string _osVersion;

    internal EmulatorState(EmulatorOptions options)
    {
        _tokenLifetimeSeconds = options.TokenLifetimeSeconds;
        _refreshLatencyMs = options.RefreshLatencyMs;
        _osVersion = options.OsVersion;
        foreach (var u in options.Users) _users[u.Name] = u.Clone();
        Files = new FilesState(options.FilesRoot) { Clock = Clock };
    }

    /// <summary>The files service: stored files, knobs and counters.</summary>
    public FilesState Files { get; }

    /// <summary>The server's clock: token lifetimes, the market's steps and the refresh latency run on it.</summary>
    public EmulatorClock Clock { get; } = new();

    /// <summary>"http://127.0.0.1:PORT" once the server listens.</summary>
    public string BaseUrl { get; internal set; } = "";

    // ---- knobs ---------------------------------------------------------------------------------

    public int TokenLifetimeSeconds { get { lock (_gate) return _tokenLifetimeSeconds; } set { lock (_gate) _tokenLifetimeSeconds = value; } }
    public int RefreshLatencyMs { get { lock (_gate) return _refreshLatencyMs; } set { lock (_gate) _refreshLatencyMs = Math.Max(0, value); } }
    public string OsVersion { get { lock (_gate) return _osVersion; } set { lock (_gate) _osVersion = value ?? ""; } }

    // ---- counters ------------------------------------------------------------------------------

    /// <summary>Every call of POST /auth/api/refresh, including failed and injected ones.</summary>
    public int RefreshCalls { get { lock (_gate) return _refreshCalls; } }

    /// <summary>Calls of POST /auth/api/refresh that have been answered (the latency is over and any rotation done).</summary>
    public int RefreshesAnswered { get { lock (_gate) return _refreshesAnswered; } }

    /// <summary>How often an already-spent refresh token was presented (each revoked its grant).</summary>
    public int ReuseDetections { get { lock (_gate) return _reuseDetections; } }

    /// <summary>Hits of key "&lt;METHOD&gt; &lt;route template or path&gt;", e.g. "GET /desktop/api/backend/v1/user-info"; 0 when never hit.</summary>
    public int HitCount(string key) { lock (_gate) return _hits.TryGetValue(key, out var n) ? n : 0; }

    /// <summary>Snapshot of all hit counters.</summary>
    public IReadOnlyDictionary<string, int> Hits { get { lock (_gate) return new Dictionary<string, int>(_hits, StringComparer.Ordinal); } }

    /// <summary>Snapshot of the last <see cref="MaxRecordedRequests"/> non-admin requests, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests { get { lock (_gate) return _requests.ToList(); } }

    /// <summary>Zeroes counters and hits, forgets recorded requests and pending injected failures (files knobs too). Knobs, users, grants and stored files stay.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _refreshCalls = 0;
            _refreshesAnswered = 0;
            _reuseDetections = 0;
            _managedRefreshes = 0;
            _hits.Clear();
            _requests.Clear();
            _failures.Clear();
        }
        Files.Reset();
    }

    /// <summary>
    /// Back to the state of a server just started with <paramref name="options"/> (its port and files root stay):
    /// knobs, users, grants and tokens, counters, injected failures, stored files, the market and the clock. Lets
    /// one server process serve many test files as if each had started its own.
    /// </summary>
    public void Reinitialize(EmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_gate)
        {
            _tokenLifetimeSeconds = options.TokenLifetimeSeconds;
            _refreshLatencyMs = Math.Max(0, options.RefreshLatencyMs);
            _osVersion = options.OsVersion;
            _users.Clear();
            foreach (var u in options.Users) _users[u.Name] = u.Clone();
            _grants.Clear();
            _refreshTokens.Clear();
            _liveJtis.Clear();
            _forceExpiredJtis.Clear();
        }
        Reset();
        Files.Clear();
        this.Market().Reset();
        Clock.Reset();
    }

    internal void IncrementRefreshCalls() { lock (_gate) _refreshCalls++; }

    internal void IncrementRefreshesAnswered() { lock (_gate) _refreshesAnswered++; }

    internal void RecordHit(string key) { lock (_gate) _hits[key] = _hits.TryGetValue(key, out var n) ? n + 1 : 1; }

    internal void RecordRequest(RecordedRequest r)
    {
        lock (_gate)
        {
            _requests.AddLast(r);
            while (_requests.Count > MaxRecordedRequests) _requests.RemoveFirst();
        }
    }

    // ---- users ---------------------------------------------------------------------------------

    /// <summary>Snapshot (copies) of the known users.</summary>
    public IReadOnlyList<EmulatorUser> Users { get { lock (_gate) return _users.Values.Select(u => u.Clone()).ToList(); } }

    /// <summary>Adds a user or replaces the one with the same name.</summary>
    public void AddOrReplaceUser(EmulatorUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(user.Name)) throw new ArgumentException("user name is empty", nameof(user));
        lock (_gate) _users[user.Name] = user.Clone();
    }

    internal EmulatorUser? FindUser(string name) { lock (_gate) return _users.TryGetValue(name, out var u) ? u.Clone() : null; }

    // ---- failure injection ---------------------------------------------------------------------

    /// <summary>
    /// The next <paramref name="count"/> calls to <paramref name="target"/> answer with an injected failure.
    /// Targets: "refresh", "firstfactor", "secondfactor", "api" (any authenticated endpoint, checked before
    /// the token), "user-info", "olares-info" (and whatever later services declare).
    /// Kinds: "status" (HTTP <paramref name="status"/> with {"status":"FAIL","message":"injected"}, or for 459
    /// {"fa2":false,"method":"","session_id":"","target_url":""}), "html" (a text/html page with the given status, e.g. 200 or a proxy's 403),
    /// "truncated" (200 application/json cut off mid-way); hostile ones (<see cref="HostileAnswers"/>): "stall" (200,
    /// the first bytes of the body, then silence), "short" (Content-Length 1000, 10 bytes, connection closed),
    /// "gzipbomb" (HTTP <paramref name="status"/>, gzip body of ~1 MiB inflating to 1 GiB), "redirect" (302 to
    /// <paramref name="body"/>, else to the same URL). <paramref name="body"/> overrides the body.
    /// Calls add up: each queued failure is used once, in order.
    /// </summary>
    public void InjectFailure(string target, int status = 500, int count = 1, string kind = "status", string? body = null)
    {
        if (string.IsNullOrWhiteSpace(target)) throw new ArgumentException("target is empty", nameof(target));
        var k = InjectedFailure.ParseKind(kind) ?? throw new ArgumentException($"unknown failure kind '{kind}' (status|html|truncated|stall|short|gzipbomb|redirect)", nameof(kind));
        if ((k is FailureKind.Status or FailureKind.GzipBomb) && (status < 100 || status > 999)) throw new ArgumentOutOfRangeException(nameof(status));
        lock (_gate)
        {
            if (!_failures.TryGetValue(target, out var q)) _failures[target] = q = new Queue<InjectedFailure>();
            for (var i = 0; i < count; i++) q.Enqueue(new InjectedFailure(k, status, body));
        }
    }

    /// <summary>Number of injected failures still pending for a target.</summary>
    public int PendingFailures(string target) { lock (_gate) return _failures.TryGetValue(target, out var q) ? q.Count : 0; }

    internal InjectedFailure? TakeFailure(string target)
    {
        lock (_gate)
        {
            if (!_failures.TryGetValue(target, out var q) || q.Count == 0) return null;
            var f = q.Dequeue();
            if (q.Count == 0) _failures.Remove(target);
            return f;
        }
    }

    // ---- grants and tokens ---------------------------------------------------------------------

    /// <summary>Revokes every grant of the user: its refresh tokens get 401 and its access tokens are rejected. Returns how many grants were revoked.</summary>
    public int RevokeUser(string user)
    {
        lock (_gate)
        {
            var n = 0;
            foreach (var g in _grants.Values)
                if (g.User == user && !g.Revoked) { g.Revoked = true; n++; }
            return n;
        }
    }

    /// <summary>Every access token issued so far is rejected as expired from now on. Refresh tokens stay valid.</summary>
    public void ExpireAllAccessTokens()
    {
        lock (_gate)
        {
            _forceExpiredJtis.UnionWith(_liveJtis);
            _liveJtis.Clear();
        }
    }

    /// <summary>Number of grants of a user that are not revoked (first-factor-only grants included).</summary>
    public int ActiveGrantCount(string user) { lock (_gate) return _grants.Values.Count(g => g.User == user && !g.Revoked); }

    /// <summary>Starts a grant after a successful login. First-factor-only grants get no refresh token.</summary>
    internal IssuedTokens StartGrant(string user, bool firstFactorOnly, string? sessionId = null)
    {
        lock (_gate)
        {
            var grant = new Grant(NewId("g"), user, sessionId ?? RandomHex(16), firstFactorOnly);
            _grants[grant.Id] = grant;
            var refresh = "";
            if (!firstFactorOnly)
            {
                refresh = NewRefreshToken(grant);
            }
            return new IssuedTokens(IssueAccessTokenLocked(grant), refresh, grant.SessionId, grant.Id);
        }
    }

    /// <summary>Rotates a refresh token. Returns the new tokens, or null with a reason (reuse revokes the grant).</summary>
    internal IssuedTokens? Rotate(string refreshToken, out string failure)
    {
        lock (_gate)
        {
            if (string.IsNullOrEmpty(refreshToken) || !_refreshTokens.TryGetValue(refreshToken, out var entry))
            {
                failure = "refresh token is unknown";
                return null;
            }
            var grant = entry.Grant;
            if (grant.Revoked)
            {
                failure = "refresh token has been revoked";
                return null;
            }
            if (entry.Spent)
            {
                grant.Revoked = true;
                _reuseDetections++;
                failure = "refresh token reuse detected; the grant has been revoked";
                return null;
            }
            entry.Spent = true;
            var refresh = NewRefreshToken(grant);
            failure = "";
            return new IssuedTokens(IssueAccessTokenLocked(grant), refresh, grant.SessionId, grant.Id);
        }
    }

    /// <summary>Verifies an access token for API use (or, with allowFirstFactorOnly, for the second factor).</summary>
    internal async Task<(TokenCheck Result, AccessTokenClaims? Claims)> CheckAccessTokenAsync(string? token, bool allowFirstFactorOnly = false)
    {
        if (string.IsNullOrWhiteSpace(token)) return (TokenCheck.Missing, null);
        var claims = await _jwt.ReadVerifiedAsync(token.Trim()).ConfigureAwait(false);
        if (claims is null) return (TokenCheck.Malformed, null);
        if (Clock.UtcNow.ToUnixTimeSeconds() >= claims.ExpiresAt) return (TokenCheck.Expired, claims);
        lock (_gate)
        {
            if (_forceExpiredJtis.Contains(claims.Jti)) return (TokenCheck.ForceExpired, claims);
            if (!_grants.TryGetValue(claims.GrantId, out var g) || g.Revoked || g.User != claims.Username) return (TokenCheck.Revoked, claims);
            if (!_users.ContainsKey(claims.Username)) return (TokenCheck.UnknownUser, claims);
        }
        if (claims.FirstFactorOnly && !allowFirstFactorOnly) return (TokenCheck.FirstFactorOnly, claims);
        return (TokenCheck.Valid, claims);
    }

    internal static string Describe(TokenCheck c) => c switch
    {
        TokenCheck.Missing => "missing X-Authorization header",
        TokenCheck.Malformed => "invalid access token",
        TokenCheck.Expired => "access token expired",
        TokenCheck.ForceExpired => "access token expired",
        TokenCheck.Revoked => "access token revoked",
        TokenCheck.FirstFactorOnly => "second factor required",
        TokenCheck.UnknownUser => "unknown user",
        _ => "ok",
    };

    private string IssueAccessTokenLocked(Grant grant)
    {
        var now = Clock.UtcNow.ToUnixTimeSeconds();
        var jti = NewId("j");
        _liveJtis.Add(jti);
        return _jwt.Create(new AccessTokenClaims(grant.User, grant.Id, jti, now, now + _tokenLifetimeSeconds, grant.FirstFactorOnly));
    }

    private string NewRefreshToken(Grant grant)
    {
        var rt = "rt." + Base64Url(RandomNumberGenerator.GetBytes(32));
        _refreshTokens[rt] = new RefreshEntry(grant);
        grant.CurrentRefresh = rt;
        return rt;
    }

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N");
    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class Grant(string id, string user, string sessionId, bool firstFactorOnly)
    {
        public string Id { get; } = id;
        public string User { get; } = user;
        public string SessionId { get; } = sessionId;
        public bool FirstFactorOnly { get; } = firstFactorOnly;
        public bool Revoked { get; set; }
        public string? CurrentRefresh { get; set; }
    }

    private sealed class RefreshEntry(Grant grant)
    {
        public Grant Grant { get; } = grant;
        public bool Spent { get; set; }
    }
}
