using System.Net;
using System.Text;
using Olares.Auth;
using Olares.Emulator;
using Olares.Errors;
using Olares.Http;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Http;

/// <summary>
/// The transport matrix of olares-cli's factory_test.go (protocol §9.1), ported: each row a test, against the
/// emulator over real HTTP, through the real refresher, store and lock.
/// </summary>
public sealed class RefreshingHandlerTests : IAsyncLifetime
{
    private const string Echo = "/desktop/api/_test/echo";
    private LoggedInServer _s = null!;

    public async Task InitializeAsync() => _s = await LoggedInServer.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private sealed class Pipeline : IDisposable
    {
        public Pipeline(LoggedInServer s, Func<DateTimeOffset>? clock = null)
        {
            var alice = s.Alice;
            Credential = s.NewCredential(options: clock == null ? null : new CredentialOptions { Clock = clock });
            Credential.RequireLogin();
            var handler = new RedirectHandler
            {
                InnerHandler = new RefreshingHandler(Credential, alice.Endpoints)
                {
                    InnerHandler = PrimaryHandler.Create(false),
                },
            };
            Client = new HttpClient(handler);
            Url = alice.Endpoints.Desktop.AbsoluteUri.TrimEnd('/');
        }

        public OlaresCredential Credential { get; }

        public string? Current => Credential.CurrentToken;

        public HttpClient Client { get; }

        public string Url { get; }

        public void Dispose() => Client.Dispose();
    }

    private sealed class OpaqueStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Position { get => base.Position; set => throw new NotSupportedException(); }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }

    private static HttpContent Opaque(string text) => new StreamContent(new OpaqueStream(Encoding.UTF8.GetBytes(text)));

    private static HttpContent Buffered(string text) => new StringContent(text, Encoding.UTF8, "application/json");

    private List<RecordedRequest> Upstream() => _s.Server.State.Requests.Where(r => r.Path == Echo).ToList();

    private static string? Header(RecordedRequest r, string name) => r.Headers.TryGetValue(name, out var v) ? v : null;

    private int Refreshes => _s.Server.State.RefreshCalls;

    [Fact]
    public async Task Success_sends_the_stored_token_and_does_not_refresh()
    {
        using var p = new Pipeline(_s);
        var at = _s.Stored.AccessToken;
        using var response = await p.Client.GetAsync(p.Url + "/api/_test/echo");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, Refreshes);
        Assert.Equal(at, Header(Upstream().Single(), "X-Authorization"));
    }

    [Fact]
    public async Task Auth_cookie_and_unauth_error_header_are_injected_and_bearer_is_not()
    {
        using var p = new Pipeline(_s);
        var at = _s.Stored.AccessToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, p.Url + "/api/_test/echo");
        request.Headers.Add("Cookie", "theme=dark");
        using var response = await p.Client.SendAsync(request);
        var r = Upstream().Single();
        Assert.Equal(at, Header(r, "X-Authorization"));
        Assert.Equal("theme=dark; auth_token=" + at, Header(r, "Cookie"));
        Assert.Equal("Non-Redirect", Header(r, "X-Unauth-Error"));
        Assert.Null(Header(r, "Authorization"));
    }

    [Fact]
    public async Task Refresh_on_401_resends_once_with_the_new_token()
    {
        using var p = new Pipeline(_s);
        var old = _s.Stored.AccessToken;
        _s.Server.State.InjectFailure("api", 401, 1);
        using var response = await p.Client.PostAsync(p.Url + "/api/_test/echo", Buffered("{\"x\":1}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hits = Upstream();
        Assert.Equal(2, hits.Count);
        Assert.Equal(old, Header(hits[0], "X-Authorization"));
        var fresh = _s.Stored.AccessToken;
        Assert.NotEqual(old, fresh);
        Assert.Equal(fresh, Header(hits[1], "X-Authorization"));
        Assert.Equal(fresh, p.Current);
        Assert.Equal(1, Refreshes);
        Assert.Contains("\"bodyLength\":7", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_second_retry_the_second_401_is_returned_verbatim()
    {
        using var p = new Pipeline(_s);
        _s.Server.State.InjectFailure("api", 401, 5);
        using var response = await p.Client.GetAsync(p.Url + "/api/_test/echo");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, Upstream().Count);
        Assert.Equal(1, Refreshes);
    }

    [Fact]
    public async Task Non_replayable_body_rejected_after_sending_is_not_resent_but_the_login_is_refreshed()
    {
        // A token the server no longer takes although nothing local says it expired (another tool rotated the grant).
        _s.SetStored("AT");
        using var p = new Pipeline(_s);
        var e = await Assert.ThrowsAsync<OlaresRequestNotResentException>(() => p.Client.PostAsync(p.Url + "/api/_test/echo", Opaque("body")));
        Assert.True(e.IsRetryable);
        Assert.Equal(401, e.StatusCode);
        Assert.DoesNotContain("AT", e.Message.Split(' ', '.', ','));
        Assert.Equal(1, Refreshes);
        Assert.Single(Upstream());
        // Running it again works with the refreshed login.
        using var again = await p.Client.PostAsync(p.Url + "/api/_test/echo", Opaque("body"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, Refreshes);
        Assert.Equal(_s.Stored.AccessToken, Header(Upstream().Last(), "X-Authorization"));
    }

    [Fact]
    public async Task Preflight_refreshes_a_stale_token_before_sending_a_non_replayable_body()
    {
        var old = _s.Stored.AccessToken;
        Jwt.TryGetExpiry(old, out var exp);
        using var p = new Pipeline(_s, clock: () => exp.AddMinutes(1));
        using var response = await p.Client.PostAsync(p.Url + "/api/_test/echo", Opaque("body"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Refreshes);
        var hit = Upstream().Single();
        Assert.NotEqual(old, Header(hit, "X-Authorization"));
        Assert.Equal(_s.Stored.AccessToken, Header(hit, "X-Authorization"));
        Assert.Equal(_s.Stored.AccessToken, p.Current);
    }

    /// <summary>Torture #3: many one-shot bodies inside the expiry window at once: one refresh, and none sent with the old token.</summary>
    [Fact]
    public async Task Concurrent_one_shot_bodies_in_the_expiry_window_share_one_refresh_and_never_send_the_old_token()
    {
        var old = _s.Stored.AccessToken;
        Jwt.TryGetExpiry(old, out var exp);
        _s.Server.State.RefreshLatencyMs = 100;
        using var p = new Pipeline(_s, clock: () => exp.AddSeconds(-30));
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => p.Client.PostAsync(p.Url + "/api/_test/echo", Opaque("body"))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, Refreshes);
        var hits = Upstream();
        Assert.Equal(20, hits.Count);
        Assert.All(hits, h => Assert.Equal(_s.Stored.AccessToken, Header(h, "X-Authorization")));
        Assert.DoesNotContain(hits, h => Header(h, "X-Authorization") == old);
        foreach (var r in responses) r.Dispose();
    }

    [Fact]
    public async Task Preflight_fires_within_the_60_s_skew()
    {
        Jwt.TryGetExpiry(_s.Stored.AccessToken, out var exp);
        using var p = new Pipeline(_s, clock: () => exp.AddSeconds(-30));
        using var response = await p.Client.PostAsync(p.Url + "/api/_test/echo", Opaque("body"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Refreshes);
        Assert.Single(Upstream());
    }

    [Fact]
    public async Task No_preflight_when_the_token_is_fresh()
    {
        var old = _s.Stored.AccessToken;
        using var p = new Pipeline(_s);
        using var response = await p.Client.PostAsync(p.Url + "/api/_test/echo", Opaque("body"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, Refreshes);
        Assert.Equal(old, Header(Upstream().Single(), "X-Authorization"));
    }

    [Fact]
    public async Task No_preflight_on_replayable_bodies_the_reactive_path_handles_them()
    {
        Jwt.TryGetExpiry(_s.Stored.AccessToken, out var exp);
        using var p = new Pipeline(_s, clock: () => exp.AddMinutes(1));
        _s.Server.State.InjectFailure("api", 401, 1);
        using var response = await p.Client.PostAsync(p.Url + "/api/_test/echo", Buffered("{}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, Upstream().Count);
        Assert.Equal(1, Refreshes);
    }

    [Fact]
    public async Task Preflight_failure_bubbles_and_the_body_is_never_sent()
    {
        Jwt.TryGetExpiry(_s.Stored.AccessToken, out var exp);
        using var p = new Pipeline(_s, clock: () => exp.AddMinutes(1));
        _s.Server.State.InjectFailure("refresh", 401, 1);
        var e = await Assert.ThrowsAsync<OlaresTokenInvalidatedException>(() => p.Client.PostAsync(p.Url + "/api/_test/echo", Opaque("body")));
        Assert.Equal(LoggedInServer.AliceId, e.OlaresId);
        Assert.Empty(Upstream());
        Assert.True(_s.Stored.InvalidatedAt > 0);
    }

    [Fact]
    public async Task Refresh_failure_bubbles_as_the_typed_error_instead_of_a_response()
    {
        using var p = new Pipeline(_s);
        _s.Server.State.InjectFailure("api", 401, 1);
        _s.Server.State.InjectFailure("refresh", 401, 1);
        await Assert.ThrowsAsync<OlaresTokenInvalidatedException>(() => p.Client.GetAsync(p.Url + "/api/_test/echo"));
    }

    [Fact]
    public async Task Status_459_is_treated_like_401()
    {
        using var p = new Pipeline(_s);
        _s.Server.State.InjectFailure("api", 459, 1);
        using var response = await p.Client.GetAsync(p.Url + "/api/_test/echo");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Refreshes);
        Assert.Equal(2, Upstream().Count);
    }

    /// <summary>
    /// 403 triggers olares-cli's one refresh and one retry only when the token may really be stale (past or near its
    /// expiry, or granted more than a minute ago); on a token granted moments ago it is a permission denial.
    /// </summary>
    [Fact]
    public async Task Status_403_refreshes_once_a_token_that_may_be_stale_but_not_one_granted_moments_ago()
    {
        using (var fresh = new Pipeline(_s))
        {
            _s.Server.State.InjectFailure("api", 403, 1);
            using var denied = await fresh.Client.GetAsync(fresh.Url + "/api/_test/echo");
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Equal(0, Refreshes);
            Assert.Single(Upstream());
        }

        using var older = new Pipeline(_s, clock: () => DateTimeOffset.UtcNow.AddMinutes(5));
        _s.Server.State.InjectFailure("api", 403, 1);
        using var response = await older.Client.GetAsync(older.Url + "/api/_test/echo");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Refreshes);
        Assert.Equal(3, Upstream().Count);
    }

    [Fact]
    public async Task A_401_on_a_token_already_replaced_by_someone_else_retries_without_refreshing()
    {
        var stale = _s.Stored.AccessToken;
        using var p = new Pipeline(_s);
        _s.Server.State.ExpireAllAccessTokens();
        // Another process (another credential over the same store) rotates the token after the server expired the old one.
        await _s.NewCredential().RefreshAsync(stale, CancellationToken.None);
        Assert.Equal(1, Refreshes);
        Assert.Equal(stale, p.Current);
        using var response = await p.Client.GetAsync(p.Url + "/api/_test/echo");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Refreshes);
        Assert.Equal(_s.Stored.AccessToken, p.Current);
    }

    [Fact]
    public async Task Fifty_concurrent_requests_on_one_stale_token_cost_one_refresh()
    {
        _s.Server.State.RefreshLatencyMs = 50;
        _s.Server.State.ExpireAllAccessTokens();
        using var p = new Pipeline(_s);
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => p.Client.GetAsync(p.Url + "/api/_test/echo")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, Refreshes);
        Assert.Equal(0, _s.Server.State.ReuseDetections);
    }

    [Fact]
    public async Task Credentials_never_follow_a_redirect_to_another_origin()
    {
        await using var other = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var p = new Pipeline(_s);
        var target = Uri.EscapeDataString(other.BaseUrl + "/desktop/api/_test/echo");
        using var response = await p.Client.GetAsync(p.Url + "/api/_test/redirect?to=" + target);
        var seen = other.State.Requests.Single(r => r.Path == "/desktop/api/_test/echo");
        Assert.Null(Header(seen, "X-Authorization"));
        Assert.DoesNotContain("auth_token", Header(seen, "Cookie") ?? string.Empty);
        Assert.Equal(0, Refreshes);
    }

    [Fact]
    public async Task Credentials_do_follow_a_same_origin_redirect()
    {
        using var p = new Pipeline(_s);
        var target = Uri.EscapeDataString(p.Url + "/api/_test/echo");
        using var response = await p.Client.GetAsync(p.Url + "/api/_test/redirect?to=" + target);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_s.Stored.AccessToken, Header(Upstream().Single(), "X-Authorization"));
    }

    /// <summary>Torture #14: the resent body is the same bytes with the same content headers.</summary>
    [Fact]
    public async Task The_resend_keeps_the_body_and_its_content_headers()
    {
        using var p = new Pipeline(_s);
        _s.Server.State.InjectFailure("api", 401, 1);
        var content = new StringContent("{\"x\":1}", Encoding.UTF8, "application/json");
        content.Headers.ContentLanguage.Add("de");
        using var response = await p.Client.PostAsync(p.Url + "/api/_test/echo", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hits = Upstream();
        Assert.Equal(2, hits.Count);
        Assert.All(hits, h => Assert.Equal("application/json; charset=utf-8", Header(h, "Content-Type")));
        Assert.All(hits, h => Assert.Equal("de", Header(h, "Content-Language")));
        Assert.All(hits, h => Assert.Equal("7", Header(h, "Content-Length")));
        Assert.Contains("\"bodyLength\":7", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Torture #16: a POST or PATCH with a body that can be resent is retried once, never twice.</summary>
    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public async Task A_request_with_a_body_is_retried_once_and_never_twice(string method)
    {
        using var p = new Pipeline(_s);
        _s.Server.State.InjectFailure("api", 401, 5);
        using var request = new HttpRequestMessage(new HttpMethod(method), p.Url + "/api/_test/echo") { Content = Buffered("{\"x\":1}") };
        using var response = await p.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, Upstream().Count);
        Assert.Equal(1, Refreshes);
    }

    [Fact]
    public void Replayability_follows_the_content_type()
    {
        Assert.True(ReplayableContent.IsReplayable(null));
        Assert.True(ReplayableContent.IsReplayable(new ByteArrayContent(new byte[3])));
        Assert.True(ReplayableContent.IsReplayable(new StringContent("x")));
        Assert.True(ReplayableContent.IsReplayable(new FormUrlEncodedContent(new Dictionary<string, string> { ["a"] = "b" })));
        Assert.True(ReplayableContent.IsReplayable(new ReadOnlyMemoryContent(new byte[2])));
        Assert.True(ReplayableContent.IsReplayable(new MultipartFormDataContent { new StringContent("x") }));
        Assert.False(ReplayableContent.IsReplayable(new MultipartFormDataContent { Opaque("x") }));
        Assert.False(ReplayableContent.IsReplayable(Opaque("x")));
    }

    [Fact]
    public async Task Token_cell_is_race_free()
    {
        var cell = new TokenCell();
        cell.Offer("AT-0", 1);
        var tasks = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            for (var n = 0; n < 200; n++)
            {
                if (n % 2 == 0) cell.Offer("AT-" + i + "-" + n, 2 + n);
                Assert.StartsWith("AT-", cell.Current);
            }
        }));
        await Task.WhenAll(tasks);
        cell.Offer("", long.MaxValue);
        Assert.StartsWith("AT-", cell.Current);
        Assert.Equal(200, cell.GrantedAt);
    }

    [Fact]
    public async Task Short_lived_tokens_are_not_refreshed_before_every_non_replayable_request()
    {
        _s.Server.State.TokenLifetimeSeconds = 10;
        await _s.LoginAsync("alice", "Passw0rd!");
        using var p = new Pipeline(_s);
        for (var i = 0; i < 5; i++)
        {
            using var response = await p.Client.PostAsync(p.Url + "/api/_test/echo", Opaque("body"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A 10 s token is "stale" only in its last 5 s, not for its whole life as a fixed 60 s margin would make it.
        Assert.Equal(0, Refreshes);
    }
}
