using System.Text.RegularExpressions;
using Olares.Desktop;
using Olares.Http;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Http;

/// <summary>The -Debug trace of a real session: one line per network attempt, never a token or cookie.</summary>
public sealed class HttpTraceHandlerTests : IAsyncLifetime
{
    private LoggedInServer _s = null!;

    public async Task InitializeAsync() => _s = await LoggedInServer.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private OlaresSession Session => _s.Context.OpenSession(LoggedInServer.AliceId);

    private string UserInfoUrl => Urls.Append(_s.Alice.Endpoints.Desktop, DesktopClient.UserInfoPath).AbsoluteUri;

    private static List<string> HttpLines(CapturingLog log)
    {
        lock (log.All) return log.All.Where(l => Regex.IsMatch(l, "^HTTP [A-Z]+ \\S+ -> ")).ToList();
    }

    [Fact]
    public async Task Each_attempt_is_one_line_with_method_url_status_and_time()
    {
        var log = new CapturingLog();
        OlaresLog.Current = log;
        await DesktopClient.GetUserInfoAsync(Session, CancellationToken.None);
        var line = Assert.Single(HttpLines(log));
        Assert.Matches("^HTTP GET " + Regex.Escape(UserInfoUrl) + " -> 200 OK \\(\\d+ ms\\)$", line);
    }

    [Fact]
    public async Task A_rejected_token_shows_both_attempts_and_no_token()
    {
        var before = _s.Stored;
        _s.Server.State.ExpireAllAccessTokens();
        var log = new CapturingLog();
        OlaresLog.Current = log;
        await DesktopClient.GetUserInfoAsync(Session, CancellationToken.None);
        var lines = HttpLines(log);
        Assert.True(lines.Count == 2, string.Join("\n", log.All));
        Assert.Matches(" -> 401 Unauthorized \\(\\d+ ms\\)$", lines[0]);
        Assert.Matches(" -> 200 OK \\(\\d+ ms\\)$", lines[1]);
        var after = _s.Stored;
        var all = string.Join("\n", log.All);
        foreach (var secret in new[] { before.AccessToken!, before.RefreshToken!, after.AccessToken!, after.RefreshToken! })
        {
            Assert.DoesNotContain(secret, all);
        }

        Assert.DoesNotContain("auth_token", all);
    }

    [Fact]
    public async Task A_failed_attempt_is_traced_with_its_cause()
    {
        _s.Server.State.InjectFailure("user-info", kind: "short");
        var log = new CapturingLog();
        OlaresLog.Current = log;
        await Assert.ThrowsAsync<Olares.Errors.OlaresConnectionException>(() => DesktopClient.GetUserInfoAsync(Session, CancellationToken.None));
        var line = Assert.Single(HttpLines(log));
        Assert.StartsWith("HTTP GET " + UserInfoUrl + " -> failed after ", line);
    }

    [Fact]
    public async Task A_redirect_shows_its_target()
    {
        _s.Server.State.InjectFailure("user-info", kind: "redirect");
        var log = new CapturingLog();
        OlaresLog.Current = log;
        await DesktopClient.GetUserInfoAsync(Session, CancellationToken.None);
        var lines = HttpLines(log);
        Assert.Equal(2, lines.Count);
        Assert.Matches(" -> 302 Found \\(\\d+ ms\\) -> " + Regex.Escape("/desktop/api/backend/v1/user-info") + "$", lines[0]);
    }

    [Theory]
    [InlineData("https://files.alice.olares.com/api/raw/a.txt?token=abc123&inline=true", "https://files.alice.olares.com/api/raw/a.txt?token=<redacted>&inline=true")]
    [InlineData("https://x.example/p?access_token=s3cr3t&X-Amz-Signature=ff00&src=market.olares", "https://x.example/p?access_token=<redacted>&X-Amz-Signature=<redacted>&src=market.olares")]
    [InlineData("https://user:pass@x.example:8443/p?plain", "https://x.example:8443/p?plain")]
    [InlineData("https://x.example/login?rd=https%3A%2F%2Fdesktop&Code=123456", "https://x.example/login?rd=https%3A%2F%2Fdesktop&Code=<redacted>")]
    public void Urls_lose_user_info_and_secret_looking_query_values(string url, string expected)
    {
        Assert.Equal(expected, HttpTraceHandler.DescribeUrl(new Uri(url)));
    }

    [Fact]
    public void A_token_shaped_path_segment_is_redacted_too()
    {
        var jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl";
        Assert.DoesNotContain(jwt, HttpTraceHandler.DescribeUrl(new Uri("https://x.example/share/" + jwt)));
    }
}
