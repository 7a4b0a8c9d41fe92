using Olares.Desktop;
using Olares.Errors;
using Olares.Http;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Http;

/// <summary>
/// A broken or hostile server seen through a real session, the way every JSON cmdlet calls it: each answer ends in a
/// typed error of the right kind, never a hang, an untyped I/O error or an exhausted host.
/// </summary>
public sealed class HostileServerTests : IAsyncLifetime
{
    private LoggedInServer _s = null!;

    public async Task InitializeAsync() => _s = await LoggedInServer.StartAsync();

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private OlaresSession Session => _s.Context.OpenSession(LoggedInServer.AliceId);

    [Fact]
    public async Task A_body_cut_short_is_a_connection_error_not_a_local_one()
    {
        _s.Server.State.InjectFailure("user-info", kind: "short");
        var e = await Assert.ThrowsAsync<OlaresConnectionException>(() => DesktopClient.GetUserInfoAsync(Session, CancellationToken.None));
        Assert.Equal(OlaresErrorKind.Connection, e.Kind);
        Assert.Equal("OlaresUnreachable", e.ErrorId);
        Assert.Equal("user-info", e.Target);
    }

    [Fact]
    public async Task A_gzip_bomb_is_refused_at_the_bound()
    {
        _s.Server.State.InjectFailure("user-info", status: 200, kind: "gzipbomb");
        var e = await Assert.ThrowsAsync<OlaresResponseTooLargeException>(() => DesktopClient.GetUserInfoAsync(Session, CancellationToken.None));
        Assert.Equal(ResponseText.MaxJsonBytes, e.LimitBytes);
    }

    [Fact]
    public async Task A_gzip_bomb_as_an_error_answer_is_refused_too()
    {
        _s.Server.State.InjectFailure("user-info", status: 500, kind: "gzipbomb");
        await Assert.ThrowsAsync<OlaresResponseTooLargeException>(() => DesktopClient.GetUserInfoAsync(Session, CancellationToken.None));
    }

    [Fact]
    public async Task The_session_works_again_after_a_hostile_answer()
    {
        _s.Server.State.InjectFailure("user-info", kind: "short");
        _s.Server.State.InjectFailure("user-info", status: 200, kind: "gzipbomb");
        await Assert.ThrowsAsync<OlaresConnectionException>(() => DesktopClient.GetUserInfoAsync(Session, CancellationToken.None));
        await Assert.ThrowsAsync<OlaresResponseTooLargeException>(() => DesktopClient.GetUserInfoAsync(Session, CancellationToken.None));
        Assert.Equal("alice", (await DesktopClient.GetUserInfoAsync(Session, CancellationToken.None)).Name);
    }

    [Fact]
    public async Task A_truncated_body_on_an_untimed_transfer_response_is_a_connection_error()
    {
        // Transfers are not buffered by the pipeline; reading their body as text is bounded and typed all the same.
        _s.Server.State.InjectFailure("user-info", kind: "short");
        using var request = new HttpRequestMessage(HttpMethod.Get, Urls.Append(Session.Endpoints.Desktop, DesktopClient.UserInfoPath));
        var response = await Session.Transfer.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var e = await Assert.ThrowsAsync<OlaresConnectionException>(() => ResponseText.ReadAsync(response, CancellationToken.None));
        Assert.Contains("/desktop/api/backend/v1/user-info", e.Message);
    }

    [Fact]
    public async Task An_inflating_transfer_body_read_as_text_stops_at_the_given_bound()
    {
        _s.Server.State.InjectFailure("user-info", status: 200, kind: "gzipbomb");
        using var request = new HttpRequestMessage(HttpMethod.Get, Urls.Append(Session.Endpoints.Desktop, DesktopClient.UserInfoPath));
        using var response = await Session.Transfer.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var e = await Assert.ThrowsAsync<OlaresResponseTooLargeException>(() => ResponseText.ReadAsync(response, ResponseText.MaxAuthBytes, CancellationToken.None));
        Assert.Equal(ResponseText.MaxAuthBytes, e.LimitBytes);
    }

    [Fact]
    public async Task A_transfer_answer_that_is_buffered_whole_is_bounded_too()
    {
        // Upload chunks and chart uploads read their (small JSON) answer whole through the transfer client.
        _s.Server.State.InjectFailure("user-info", status: 200, kind: "gzipbomb");
        using var request = new HttpRequestMessage(HttpMethod.Get, Urls.Append(Session.Endpoints.Desktop, DesktopClient.UserInfoPath));
        var e = await Assert.ThrowsAsync<OlaresConnectionException>(() => OlaresApi.SendAsync(Session, Session.Transfer, request, "upload", CancellationToken.None));
        Assert.Contains(ResponseText.MaxJsonBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }
}
