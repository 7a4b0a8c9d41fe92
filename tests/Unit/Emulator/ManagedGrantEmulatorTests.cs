using System.Net;
using Olares.Emulator;
using Xunit;

namespace Olares.Tests.Emulator;

/// <summary>The emulator's platform-issued grants, over real HTTP: non-rotating, revocable, optionally first-factor.</summary>
public sealed class ManagedGrantEmulatorTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;
    private EmulatorTestClient _c = null!;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(new EmulatorOptions());
        _c = new EmulatorTestClient(_server);
    }

    public async Task DisposeAsync()
    {
        _c.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<string> IssueAsync(bool fa2 = false)
    {
        using var resp = await _c.AdminPostAsync("/managed-grants", new { user = "alice", fa2 });
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        return (await EmulatorTestClient.ReadJsonAsync(resp)).GetProperty("refreshToken").GetString()!;
    }

    [Fact]
    public async Task A_managed_refresh_token_never_rotates_and_the_returned_one_is_not_accepted()
    {
        var rt = await IssueAsync();
        string? returned = null;
        for (var i = 0; i < 3; i++)
        {
            using var resp = await _c.RefreshAsync(rt);
            Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
            var data = (await EmulatorTestClient.ReadJsonAsync(resp)).GetProperty("data");
            Assert.False(data.GetProperty("fa2").GetBoolean());
            returned = data.GetProperty("refresh_token").GetString();
            Assert.NotEqual(rt, returned);
            using var user = await _c.UserInfoAsync(data.GetProperty("access_token").GetString());
            Assert.Equal(HttpStatusCode.OK, user.StatusCode);
        }

        using (var decoy = await _c.RefreshAsync(returned!)) Assert.Equal(HttpStatusCode.Unauthorized, decoy.StatusCode);
        Assert.Equal(3, _server.State.ManagedRefreshes);
        Assert.Equal(0, _server.State.ReuseDetections);
        Assert.Equal(3, (await _c.AdminGetAsync("/managed-grants/state")).GetProperty("managedRefreshes").GetInt32());
    }

    [Fact]
    public async Task Revoking_a_managed_grant_rejects_its_refresh_token_and_its_access_tokens()
    {
        var rt = await IssueAsync();
        using var ok = await _c.RefreshAsync(rt);
        var at = (await EmulatorTestClient.ReadJsonAsync(ok)).GetProperty("data").GetProperty("access_token").GetString();
        using (var revoke = await _c.AdminPostAsync("/managed-grants/revoke", new { refreshToken = rt }))
        {
            Assert.True((await EmulatorTestClient.ReadJsonAsync(revoke)).GetProperty("revoked").GetBoolean());
        }

        using (var refused = await _c.RefreshAsync(rt)) Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using (var user = await _c.UserInfoAsync(at)) Assert.Equal(HttpStatusCode.Unauthorized, user.StatusCode);
    }

    [Fact]
    public async Task A_first_factor_grant_answers_fa2_and_its_token_reaches_no_service()
    {
        var rt = await IssueAsync(fa2: true);
        using var resp = await _c.RefreshAsync(rt);
        var data = (await EmulatorTestClient.ReadJsonAsync(resp)).GetProperty("data");
        Assert.True(data.GetProperty("fa2").GetBoolean());
        using var user = await _c.UserInfoAsync(data.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, user.StatusCode);
    }
}
