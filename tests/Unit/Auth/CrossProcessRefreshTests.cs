using Olares.Auth;
using Olares.Emulator;
using Olares.Errors;
using Olares.Locking;
using Olares.Profiles;
using Olares.Storage;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Auth;

/// <summary>
/// Real child processes sharing one config dir and token store with a rotating, reuse-detecting server:
/// the file lock is the only thing that can keep them to one refresh.
/// </summary>
public sealed class CrossProcessRefreshTests : IAsyncLifetime
{
    private LoggedInServer _s = null!;

    public async Task InitializeAsync() => _s = await LoggedInServer.StartAsync(new EmulatorOptions { RefreshLatencyMs = 150 });

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task Six_processes_on_a_stale_token_cost_one_refresh_and_agree_on_disk()
    {
        _s.Server.State.ExpireAllAccessTokens();
        var barrier = Path.Combine(_s.Root, "go");
        var children = Enumerable.Range(0, 6).Select(_ => ChildProcess.Start(_s.ChildVariables, "whoami", barrier)).ToList();
        try
        {
            // Every child is up and blocked on the barrier.
            foreach (var c in children) Assert.Equal("waiting", await c.ReadLineAsync(TimeSpan.FromSeconds(60)));
            File.WriteAllText(barrier, "go");
            var results = await Task.WhenAll(children.Select(c => c.WaitAsync(TimeSpan.FromSeconds(60))));
            Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
            Assert.Equal(1, _s.Server.State.RefreshCalls);
            Assert.Equal(0, _s.Server.State.ReuseDetections);
            Assert.Single(results.Select(r => r.Output.Split(' ')[2]).Distinct());
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_lock_holder_killed_with_sigkill_does_not_block_the_others()
    {
        var r = _s.NewCredential(options: new CredentialOptions { LockTimeout = TimeSpan.FromSeconds(5) });
        using var holder = ChildProcess.Start(_s.ChildVariables, "hold-lock", r.LockPath);
        Assert.Equal("locked", await holder.ReadLineAsync(TimeSpan.FromSeconds(30)));
        Assert.Null(FileLock.TryAcquire(r.LockPath));
        holder.KillHard();
        var started = DateTime.UtcNow;
        var fresh = await r.RefreshAsync(_s.Stored.AccessToken, CancellationToken.None);
        Assert.Equal(fresh, _s.Stored.AccessToken);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_process_killed_after_the_post_leaves_the_old_grant_and_the_next_refresh_fails_typed()
    {
        // A latency nobody waits out: the server's clock is advanced past it once the child is dead.
        _s.Server.State.RefreshLatencyMs = 600_000;
        _s.Server.State.ExpireAllAccessTokens();
        var before = _s.Stored;
        var barrier = Path.Combine(_s.Root, "go");
        File.WriteAllText(barrier, "go");
        using (var child = ChildProcess.Start(_s.ChildVariables, "whoami", barrier))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (_s.Server.State.RefreshCalls == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
            Assert.Equal(1, _s.Server.State.RefreshCalls);
            child.KillHard();
        }

        // The server finishes the rotation nobody will ever persist.
        _s.Server.State.Clock.Advance(TimeSpan.FromMinutes(10));
        var answered = DateTime.UtcNow.AddSeconds(30);
        while (_s.Server.State.RefreshesAnswered == 0 && DateTime.UtcNow < answered) await Task.Delay(10);
        Assert.Equal(1, _s.Server.State.RefreshesAnswered);
        var after = _s.Store.Get(LoggedInServer.AliceId)!;
        Assert.Equal(before.AccessToken, after.AccessToken);
        Assert.Equal(before.RefreshToken, after.RefreshToken);
        // The old refresh token is spent: the next refresh is a typed "log in again", not a loop.
        _s.Server.State.RefreshLatencyMs = 0;
        var r = _s.NewCredential();
        await Assert.ThrowsAsync<OlaresTokenInvalidatedException>(() => r.RefreshAsync(after.AccessToken, CancellationToken.None));
        await Assert.ThrowsAsync<OlaresTokenInvalidatedException>(() => r.RefreshAsync(after.AccessToken, CancellationToken.None));
        Assert.Equal(2, _s.Server.State.RefreshCalls);
    }

    [Fact]
    public async Task A_writer_killed_mid_write_never_leaves_a_torn_token()
    {
        for (var round = 0; round < 4; round++)
        {
            using var writer = ChildProcess.Start(_s.ChildVariables, "write-tokens", "bob@olares.com");
            Assert.Equal("writing", await writer.ReadLineAsync(TimeSpan.FromSeconds(30)));
            await Task.Delay(150 + round * 70);
            writer.KillHard();
            var token = _s.Store.Get("bob@olares.com");
            Assert.NotNull(token);
            Assert.Matches("^AT-[0-9]+-x+$", token!.AccessToken);
            Assert.StartsWith("RT-", token.RefreshToken);
        }

        var leftovers = Directory.GetFiles(Path.Combine(_s.DataDir, "olares-cli")).Where(f => !f.EndsWith(".enc") && !f.EndsWith("master.key"));
        Assert.True(leftovers.Count() <= 4, "at most one temp file per killed writer: " + string.Join(", ", leftovers));
    }

    /// <summary>Issue 8 #3: a logout serialises with a refresh in flight in another process; nothing writes the login back.</summary>
    [Fact]
    public async Task A_logout_during_another_processs_refresh_sticks()
    {
        // The server answers the refresh only when its clock has moved a minute on.
        _s.Server.State.RefreshLatencyMs = 60_000;
        _s.Server.State.ExpireAllAccessTokens();
        var barrier = Path.Combine(_s.Root, "go");
        File.WriteAllText(barrier, "go");
        using var child = ChildProcess.Start(_s.ChildVariables, "whoami", barrier);
        await WaitFor(() => _s.Server.State.RefreshCalls == 1);
        // The child holds the refresh lock and its POST is in flight: the logout waits for it.
        var logout = _s.Context.RemoveProfileAsync(LoggedInServer.AliceId);
        await Task.Delay(300);
        Assert.False(logout.IsCompleted);
        _s.Server.State.Clock.Advance(TimeSpan.FromMinutes(1));
        await logout;
        var (code, output) = await child.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(code == 0, output);
        Assert.Null(_s.Store.Get(LoggedInServer.AliceId));
        Assert.Empty(_s.Context.Config.Load().Profiles);
        Assert.False(Directory.Exists(Path.Combine(_s.DataDir, "olares-cli")));
        // The next login is a fresh one, not "already logged in".
        await new LoginService(_s.Context).LoginAsync(new LoginRequest(Olares.Identity.OlaresId.Parse(LoggedInServer.AliceId))
        {
            Password = LoggedInServer.Secure("Passw0rd!"),
            ServiceUrlTemplate = _s.Server.ServiceUrlTemplate,
        }, CancellationToken.None);
        Assert.NotNull(_s.Store.Get(LoggedInServer.AliceId));
    }

    /// <summary>Issue 8 #4: permission-denied answers in several processes cost one rotation between them, not one each.</summary>
    [Fact]
    public async Task A_burst_of_403s_across_processes_costs_one_rotation()
    {
        var stored = _s.Stored;
        stored.GrantedAt = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        _s.Store.Set(stored);
        _s.Server.State.InjectFailure("api", 403, 1000);
        var barrier = Path.Combine(_s.Root, "go-403");
        var children = Enumerable.Range(0, 4).Select(_ => ChildProcess.Start(_s.ChildVariables, "whoami", barrier)).ToList();
        try
        {
            foreach (var c in children) Assert.Equal("waiting", await c.ReadLineAsync(TimeSpan.FromSeconds(60)));
            File.WriteAllText(barrier, "go");
            var results = await Task.WhenAll(children.Select(c => c.WaitAsync(TimeSpan.FromSeconds(60))));
            Assert.All(results, r => Assert.StartsWith("error OlaresPermissionDenied", r.Output));
            Assert.Equal(1, _s.Server.State.RefreshCalls);
            Assert.Equal(0, _s.Server.State.ReuseDetections);
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in 30 s");
            await Task.Delay(10);
        }
    }
}
