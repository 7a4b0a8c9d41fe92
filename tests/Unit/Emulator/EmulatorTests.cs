using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Olares.Emulator;
using Xunit;

namespace Olares.Tests.Emulator;

/// <summary>Starts a fresh in-process emulator per test and talks to it over real HTTP.</summary>
public sealed class EmulatorTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;
    private EmulatorTestClient _c = null!;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Users =
            {
                new EmulatorUser { Name = "bob", Password = "b0b-secret", OwnerRole = "admin", TotpCode = "123456" },
            },
        });
        _c = new EmulatorTestClient(_server);
    }

    public async Task DisposeAsync()
    {
        _c.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Server_ListensOnLoopbackWithServiceTemplate()
    {
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", _server.BaseUrl);
        Assert.NotEqual(0, new Uri(_server.BaseUrl).Port);
        Assert.Equal(_server.BaseUrl + "/{service}", _server.ServiceUrlTemplate);
    }

    [Fact]
    public async Task Login_HappyPath_ReturnsSignedJwtAndUserInfoWorks()
    {
        using var resp = await _c.FirstFactorAsync("alice", "Passw0rd!");
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        var json = await EmulatorTestClient.ReadJsonAsync(resp);
        Assert.Equal("OK", json.GetProperty("status").GetString());
        var data = json.GetProperty("data");
        Assert.Equal("Bearer", data.GetProperty("token_type").GetString());
        Assert.False(data.GetProperty("fa2").GetBoolean());
        Assert.False(string.IsNullOrEmpty(data.GetProperty("refresh_token").GetString()));
        Assert.False(string.IsNullOrEmpty(data.GetProperty("session_id").GetString()));
        var at = data.GetProperty("access_token").GetString()!;

        var payload = EmulatorTestClient.JwtPayload(at);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var exp = payload.GetProperty("exp").GetInt64();
        Assert.InRange(exp, now + 3590, now + 3610);
        Assert.Equal(exp - 3600, payload.GetProperty("iat").GetInt64());
        Assert.Equal("alice", payload.GetProperty("username").GetString());
        Assert.False(string.IsNullOrEmpty(payload.GetProperty("jti").GetString()));

        using var ui = await _c.UserInfoAsync(at);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        var uj = await EmulatorTestClient.ReadJsonAsync(ui);
        Assert.Equal(0, uj.GetProperty("code").GetInt32());
        Assert.Equal("alice", uj.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal("owner", uj.GetProperty("data").GetProperty("owner_role").GetString());
        Assert.Equal("alice.olares.com", uj.GetProperty("data").GetProperty("terminusName").GetString());

        _server.State.OsVersion = "1.12.5";
        using var oi = await _c.ApiAsync(HttpMethod.Get, "desktop", "/api/olares-info", at);
        var oj = await EmulatorTestClient.ReadJsonAsync(oi);
        Assert.Equal("1.12.5", oj.GetProperty("data").GetProperty("osVersion").GetString());
        Assert.Equal("alice@olares.com", oj.GetProperty("data").GetProperty("olaresId").GetString());
    }

    [Fact]
    public async Task Login_WithForgedSignature_IsRejected()
    {
        var (at, _) = await _c.LoginAsync();
        var parts = at.Split('.');
        var sig = parts[2].ToCharArray();
        sig[0] = sig[0] == 'A' ? 'B' : 'A';
        using var resp = await _c.UserInfoAsync(parts[0] + "." + parts[1] + "." + new string(sig));
        Assert.Equal(HttpStatusCode.Unauthorized, resp.StatusCode);
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("nobody", "Passw0rd!")]
    [InlineData("alice@olares.com", "Passw0rd!")]
    public async Task Login_WrongCredentials_401(string user, string password)
    {
        using var resp = await _c.FirstFactorAsync(user, password);
        Assert.Equal(HttpStatusCode.Unauthorized, resp.StatusCode);
        var json = await EmulatorTestClient.ReadJsonAsync(resp);
        Assert.Equal("KO", json.GetProperty("status").GetString());
        Assert.Equal("Authentication failed. Check your credentials.", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Login_UnhashedPassword_401_AndMalformedBody_400()
    {
        using var plain = await _c.Http.PostAsync(_c.Url("auth", "/api/firstfactor?hideCookie=true"),
            EmulatorTestClient.Json(new { username = "alice", password = "Passw0rd!" }));
        Assert.Equal(HttpStatusCode.Unauthorized, plain.StatusCode);

        using var bad = await _c.Http.PostAsync(_c.Url("auth", "/api/firstfactor?hideCookie=true"),
            new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Totp_FirstFactorOnlyTokenIsLimited_SecondFactorGivesFullTokens()
    {
        using var ff = await _c.FirstFactorAsync("bob", "b0b-secret");
        Assert.Equal(HttpStatusCode.OK, ff.StatusCode);
        var data = (await EmulatorTestClient.ReadJsonAsync(ff)).GetProperty("data");
        Assert.True(data.GetProperty("fa2").GetBoolean());
        Assert.Equal("", data.GetProperty("refresh_token").GetString());
        var ffToken = data.GetProperty("access_token").GetString()!;

        using (var api = await _c.UserInfoAsync(ffToken)) Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using (var rf = await _c.RefreshAsync("", ffToken)) Assert.Equal(HttpStatusCode.Unauthorized, rf.StatusCode);

        async Task<HttpResponseMessage> Totp(string code)
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, _c.Url("auth", "/api/secondfactor/totp"))
            {
                Content = EmulatorTestClient.Json(new { targetUrl = "https://desktop.bob.olares.com", token = code }),
            };
            req.Headers.TryAddWithoutValidation("X-Authorization", ffToken);
            req.Headers.TryAddWithoutValidation("X-Unauth-Error", "Non-Redirect");
            return await _c.Http.SendAsync(req);
        }

        using (var wrong = await Totp("000000"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            var j = await EmulatorTestClient.ReadJsonAsync(wrong);
            Assert.Equal("KO", j.GetProperty("status").GetString());
            Assert.Equal("Authentication failed, please retry later.", j.GetProperty("message").GetString());
        }

        using var ok = await Totp("123456");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var full = (await EmulatorTestClient.ReadJsonAsync(ok)).GetProperty("data");
        var at = full.GetProperty("access_token").GetString()!;
        var rt = full.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual("", rt);

        using (var ui = await _c.UserInfoAsync(at))
        {
            Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
            Assert.Equal("admin", (await EmulatorTestClient.ReadJsonAsync(ui)).GetProperty("data").GetProperty("owner_role").GetString());
        }
        using (var rf = await _c.RefreshAsync(rt, at)) Assert.Equal(HttpStatusCode.OK, rf.StatusCode);
    }

    [Fact]
    public async Task Refresh_RotatesBothTokens()
    {
        var (at1, rt1) = await _c.LoginAsync();
        using var r1 = await _c.RefreshAsync(rt1, at1);
        Assert.Equal(HttpStatusCode.OK, r1.StatusCode);
        var d1 = (await EmulatorTestClient.ReadJsonAsync(r1)).GetProperty("data");
        var at2 = d1.GetProperty("access_token").GetString()!;
        var rt2 = d1.GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(at1, at2);
        Assert.NotEqual(rt1, rt2);
        Assert.NotEqual(
            EmulatorTestClient.JwtPayload(at1).GetProperty("jti").GetString(),
            EmulatorTestClient.JwtPayload(at2).GetProperty("jti").GetString());

        // Refresh without X-Authorization (profile import) also works.
        using var r2 = await _c.RefreshAsync(rt2);
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        var at3 = (await EmulatorTestClient.ReadJsonAsync(r2)).GetProperty("data").GetProperty("access_token").GetString()!;
        using (var ui = await _c.UserInfoAsync(at3)) Assert.Equal(HttpStatusCode.OK, ui.StatusCode);

        using (var unknown = await _c.RefreshAsync("rt.unknown"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
            Assert.Equal("KO", (await EmulatorTestClient.ReadJsonAsync(unknown)).GetProperty("status").GetString());
        }
        Assert.Equal(3, _server.State.RefreshCalls);
        Assert.Equal(3, _server.State.HitCount("POST /auth/api/refresh"));
        Assert.Equal(0, _server.State.ReuseDetections);
    }

    [Fact]
    public async Task Refresh_ReuseOfSpentToken_RevokesGrantAndCounts()
    {
        var (other, otherRt) = await _c.LoginAsync(); // an independent grant of the same user
        var (at1, rt1) = await _c.LoginAsync();
        using var r1 = await _c.RefreshAsync(rt1, at1);
        var d1 = (await EmulatorTestClient.ReadJsonAsync(r1)).GetProperty("data");
        var at2 = d1.GetProperty("access_token").GetString()!;
        var rt2 = d1.GetProperty("refresh_token").GetString()!;

        using (var reuse = await _c.RefreshAsync(rt1, at2)) Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.Equal(1, _server.State.ReuseDetections);

        using (var after = await _c.RefreshAsync(rt2, at2)) Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        using (var api = await _c.UserInfoAsync(at2)) Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using (var api = await _c.UserInfoAsync(at1)) Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(1, _server.State.ReuseDetections); // a revoked grant is not a second reuse

        using (var ok = await _c.UserInfoAsync(other)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using (var ok = await _c.RefreshAsync(otherRt, other)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var st = await _c.AdminGetAsync("/state");
        Assert.Equal(1, st.GetProperty("reuseDetections").GetInt32());
        Assert.Equal(4, st.GetProperty("refreshCalls").GetInt32());
    }

    [Fact]
    public async Task Api_RequiresXAuthorization_BearerIsIgnored()
    {
        var (at, _) = await _c.LoginAsync();
        using (var bearer = await _c.ApiAsync(HttpMethod.Get, "desktop", "/api/backend/v1/user-info", accessToken: null, bearer: at))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, bearer.StatusCode);
            var j = await EmulatorTestClient.ReadJsonAsync(bearer);
            Assert.Equal("Unauthorized", j.GetProperty("status").GetString());
        }
        using (var x = await _c.ApiAsync(HttpMethod.Get, "desktop", "/api/backend/v1/user-info", accessToken: at))
            Assert.Equal(HttpStatusCode.OK, x.StatusCode);
        using (var garbage = await _c.UserInfoAsync("not-a-jwt")) Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
    }

    [Fact]
    public async Task Unauthenticated_RedirectsUnlessNonRedirectHeader()
    {
        using var redirect = await _c.ApiAsync(HttpMethod.Get, "desktop", "/api/olares-info?a=1", accessToken: null, nonRedirect: false);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        var location = redirect.Headers.Location!.ToString();
        var expected = _server.BaseUrl + "/auth/login?rd=" + Uri.EscapeDataString(_server.BaseUrl + "/desktop/api/olares-info?a=1");
        Assert.Equal(expected, location);

        using var login = await _c.Http.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("text/html", login.Content.Headers.ContentType!.MediaType);

        using var json = await _c.ApiAsync(HttpMethod.Get, "desktop", "/api/olares-info", accessToken: null, nonRedirect: true);
        Assert.Equal(HttpStatusCode.Unauthorized, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Unauthorized", (await EmulatorTestClient.ReadJsonAsync(json)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task InjectedFailures_ViaAdmin_AnswerAndThenRecover()
    {
        var (at, rt) = await _c.LoginAsync();

        using (var f = await _c.AdminPostAsync("/fail", new { target = "api", status = 459, count = 1, kind = "status" }))
            Assert.Equal(HttpStatusCode.OK, f.StatusCode);
        using (var r = await _c.UserInfoAsync(at))
        {
            Assert.Equal(459, (int)r.StatusCode);
            var j = await EmulatorTestClient.ReadJsonAsync(r);
            Assert.False(j.GetProperty("fa2").GetBoolean());
            Assert.Equal("", j.GetProperty("session_id").GetString());
        }
        using (var r = await _c.UserInfoAsync(at)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        // Refresh failures count as calls and do not rotate: the same refresh token still works afterwards.
        await _c.AdminPostAsync("/fail", new { target = "refresh", status = 503, count = 2 });
        for (var i = 0; i < 2; i++)
        {
            using var r = await _c.RefreshAsync(rt, at);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            var j = await EmulatorTestClient.ReadJsonAsync(r);
            Assert.Equal("FAIL", j.GetProperty("status").GetString());
            Assert.Equal("injected", j.GetProperty("message").GetString());
        }
        using (var r = await _c.RefreshAsync(rt, at)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(3, _server.State.RefreshCalls);
        Assert.Equal(0, _server.State.ReuseDetections);

        await _c.AdminPostAsync("/fail", new { target = "user-info", status = 200, count = 1, kind = "html" });
        using (var olares = await _c.ApiAsync(HttpMethod.Get, "desktop", "/api/olares-info", at))
            Assert.Equal(HttpStatusCode.OK, olares.StatusCode); // other endpoints unaffected
        using (var r = await _c.UserInfoAsync(at))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("text/html", r.Content.Headers.ContentType!.MediaType);
        }

        await _c.AdminPostAsync("/fail", new { target = "olares-info", count = 1, kind = "truncated" });
        using (var r = await _c.ApiAsync(HttpMethod.Get, "desktop", "/api/olares-info", at))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var body = await r.Content.ReadAsStringAsync();
            Assert.StartsWith("{\"code\":0,\"data\":{\"na", body);
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        }

        using (var bad = await _c.AdminPostAsync("/fail", new { target = "refresh", kind = "nonsense" }))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task InjectedFailures_InProcess_FirstFactor()
    {
        _server.State.InjectFailure("firstfactor", status: 500, count: 1);
        Assert.Equal(1, _server.State.PendingFailures("firstfactor"));
        using (var r = await _c.FirstFactorAsync("alice", "Passw0rd!")) Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        using (var r = await _c.FirstFactorAsync("alice", "Passw0rd!")) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(0, _server.State.PendingFailures("firstfactor"));
    }

    [Fact]
    public async Task ExpireTokens_RejectsIssuedAccessTokens_RefreshStillWorks()
    {
        var (at, rt) = await _c.LoginAsync();
        using (var e = await _c.AdminPostAsync("/expire-tokens")) Assert.Equal(HttpStatusCode.OK, e.StatusCode);
        using (var r = await _c.UserInfoAsync(at)) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);

        using var rf = await _c.RefreshAsync(rt, at);
        Assert.Equal(HttpStatusCode.OK, rf.StatusCode);
        var at2 = (await EmulatorTestClient.ReadJsonAsync(rf)).GetProperty("data").GetProperty("access_token").GetString()!;
        using (var r = await _c.UserInfoAsync(at2)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        _server.State.ExpireAllAccessTokens();
        using (var r = await _c.UserInfoAsync(at2)) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    [Fact]
    public async Task TokenLifetime_IsHonouredWithoutSkew()
    {
        using (var c = await _c.AdminPostAsync("/config", new { tokenLifetimeSeconds = 0, osVersion = "1.12.0" }))
            Assert.Equal(HttpStatusCode.OK, c.StatusCode);
        Assert.Equal(0, _server.State.TokenLifetimeSeconds);
        var (at, rt) = await _c.LoginAsync();
        var p = EmulatorTestClient.JwtPayload(at);
        Assert.Equal(p.GetProperty("iat").GetInt64(), p.GetProperty("exp").GetInt64());
        using (var r = await _c.UserInfoAsync(at)) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);

        _server.State.TokenLifetimeSeconds = 120;
        using var rf = await _c.RefreshAsync(rt, at);
        var at2 = (await EmulatorTestClient.ReadJsonAsync(rf)).GetProperty("data").GetProperty("access_token").GetString()!;
        var p2 = EmulatorTestClient.JwtPayload(at2);
        Assert.Equal(120, p2.GetProperty("exp").GetInt64() - p2.GetProperty("iat").GetInt64());
        using (var r = await _c.UserInfoAsync(at2)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        var st = await _c.AdminGetAsync("/state");
        Assert.Equal(120, st.GetProperty("tokenLifetimeSeconds").GetInt32());
        Assert.Equal("1.12.0", st.GetProperty("osVersion").GetString());
    }

    [Fact]
    public async Task RefreshLatency_DelaysTheAnswer()
    {
        var (_, rt) = await _c.LoginAsync();
        await _c.AdminPostAsync("/config", new { refreshLatencyMs = 300 });
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var r = await _c.RefreshAsync(rt);
        sw.Stop();
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.True(sw.ElapsedMilliseconds >= 280, $"refresh answered after {sw.ElapsedMilliseconds} ms");
        Assert.Equal(300, _server.State.RefreshLatencyMs);
    }

    [Fact]
    public async Task RevokeUser_RejectsTokensAndRefresh()
    {
        var (at, rt) = await _c.LoginAsync();
        using (var r = await _c.AdminPostAsync("/revoke?user=alice")) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using (var r = await _c.UserInfoAsync(at)) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using (var r = await _c.RefreshAsync(rt, at)) Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal(0, _server.State.ActiveGrantCount("alice"));
        Assert.Equal(0, _server.State.ReuseDetections);

        // A new login is a new grant and works.
        var (at2, _) = await _c.LoginAsync();
        using (var r = await _c.UserInfoAsync(at2)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(1, _server.State.RevokeUser("alice"));
    }

    [Fact]
    public async Task Admin_RecordsRequests_Hits_Reset_AndUsers()
    {
        var (at, _) = await _c.LoginAsync();
        using (var req = new HttpRequestMessage(HttpMethod.Get, _c.Url("desktop", "/api/backend/v1/user-info?x=1")))
        {
            req.Headers.TryAddWithoutValidation("X-Authorization", at);
            req.Headers.TryAddWithoutValidation("Cookie", "auth_token=" + at);
            req.Headers.TryAddWithoutValidation("X-Unauth-Error", "Non-Redirect");
            using var r = await _c.Http.SendAsync(req);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        var last = _server.State.Requests[^1];
        Assert.Equal("GET", last.Method);
        Assert.Equal("/desktop/api/backend/v1/user-info", last.Path);
        Assert.Equal("x=1", last.Query);
        Assert.Equal("auth_token=" + at, last.Headers["cookie"]);
        Assert.Equal("Non-Redirect", last.Headers["X-Unauth-Error"]);
        Assert.Equal(1, _server.State.HitCount("GET /desktop/api/backend/v1/user-info"));
        Assert.Equal(1, _server.State.HitCount("POST /auth/api/firstfactor"));

        var requests = await _c.AdminGetAsync("/requests");
        Assert.Equal(JsonValueKind.Array, requests.ValueKind);
        Assert.Equal(2, requests.GetArrayLength()); // admin calls are not recorded
        var rec = requests[1];
        Assert.Equal("/desktop/api/backend/v1/user-info", rec.GetProperty("path").GetString());
        Assert.Equal("Non-Redirect", rec.GetProperty("headers").GetProperty("X-Unauth-Error").GetString());
        Assert.True(rec.TryGetProperty("time", out _));

        var hits = (await _c.AdminGetAsync("/state")).GetProperty("hits");
        Assert.Equal(1, hits.GetProperty("GET /desktop/api/backend/v1/user-info").GetInt32());

        using (var reset = await _c.AdminPostAsync("/reset")) Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Empty(_server.State.Requests);
        Assert.Equal(0, _server.State.HitCount("POST /auth/api/firstfactor"));
        using (var r = await _c.UserInfoAsync(at)) Assert.Equal(HttpStatusCode.OK, r.StatusCode); // grants survive reset

        using (var u = await _c.AdminPostAsync("/users", new { name = "carol", password = "c4rol", ownerRole = "normal" }))
            Assert.Equal(HttpStatusCode.OK, u.StatusCode);
        var (cat, _) = await _c.LoginAsync("carol", "c4rol");
        using var ui = await _c.UserInfoAsync(cat);
        Assert.Equal("normal", (await EmulatorTestClient.ReadJsonAsync(ui)).GetProperty("data").GetProperty("owner_role").GetString());
    }

    [Fact]
    public async Task TestHelpers_EchoConsumeRedirect_NeedAuth()
    {
        var (at, _) = await _c.LoginAsync();
        using (var e = await _c.ApiAsync(HttpMethod.Post, "desktop", "/api/_test/echo", at, content: new ByteArrayContent(new byte[123])))
        {
            Assert.Equal(HttpStatusCode.OK, e.StatusCode);
            var j = await EmulatorTestClient.ReadJsonAsync(e);
            Assert.Equal("POST", j.GetProperty("method").GetString());
            Assert.Equal("/desktop/api/_test/echo", j.GetProperty("path").GetString());
            Assert.Equal(123, j.GetProperty("bodyLength").GetInt64());
            Assert.Equal(at, j.GetProperty("headers").GetProperty("X-Authorization").GetString());
        }
        using (var e = await _c.ApiAsync(HttpMethod.Get, "desktop", "/api/_test/echo", null)) Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);

        var payload = RandomNumberGenerator.GetBytes(200_000);
        using (var c = await _c.ApiAsync(HttpMethod.Post, "desktop", "/api/_test/consume", at, content: new ByteArrayContent(payload)))
        {
            Assert.Equal(HttpStatusCode.OK, c.StatusCode);
            var j = await EmulatorTestClient.ReadJsonAsync(c);
            Assert.Equal(payload.Length, j.GetProperty("length").GetInt64());
            Assert.Equal(Convert.ToHexString(SHA256.HashData(payload)).ToLowerInvariant(), j.GetProperty("sha256").GetString());
        }

        var target = "http://127.0.0.2:1/elsewhere?q=1";
        using (var r = await _c.ApiAsync(HttpMethod.Get, "desktop", "/api/_test/redirect?to=" + Uri.EscapeDataString(target), at))
        {
            Assert.Equal(HttpStatusCode.Found, r.StatusCode);
            Assert.Equal(target, r.Headers.Location!.ToString());
        }
        using (var r = await _c.ApiAsync(HttpMethod.Get, "desktop", "/api/_test/redirect?to=" + Uri.EscapeDataString(target), null))
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    [Fact]
    public async Task PortFile_IsWrittenWithTheChosenPort()
    {
        var dir = Path.Combine(Path.GetTempPath(), "olares-emu-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(dir, "port.txt");
        try
        {
            await using var s = await EmulatorServer.StartAsync(new EmulatorOptions { PortFile = file });
            Assert.True(File.Exists(file));
            var port = int.Parse(File.ReadAllText(file).Trim());
            Assert.Equal(new Uri(s.BaseUrl).Port, port);
            Assert.NotEqual(new Uri(_server.BaseUrl).Port, port);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
