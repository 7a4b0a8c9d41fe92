using Olares.Emulator;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Auth;

/// <summary>
/// Real processes in one simulated app container: the module's processes and olares-cli's managed refresh
/// (re-enacted by the test child from the on-disk contract) share the mount, the cache dir and the refresh lock,
/// so a herd on a stale or missing managed token costs the server exactly one exchange.
/// </summary>
public sealed class ManagedCrossProcessTests : IAsyncLifetime
{
    private const string Alice = ManagedContainer.AliceId;
    private ManagedContainer _c = null!;

    public async Task InitializeAsync()
    {
        _c = await ManagedContainer.StartAsync(new EmulatorOptions { RefreshLatencyMs = 150 });
        _c.UseEmulatorFor();
        _c.Grant();
    }

    public async Task DisposeAsync() => await _c.DisposeAsync();

    private async Task<IReadOnlyList<string>> RunHerdAsync(int modules, int olaresClis)
    {
        var barrier = Path.Combine(_c.Root, "go-" + Guid.NewGuid().ToString("N"));
        var children = new List<ChildProcess>();
        try
        {
            for (var i = 0; i < modules; i++) children.Add(ChildProcess.Start(_c.Variables, "whoami", barrier));
            for (var i = 0; i < olaresClis; i++) children.Add(ChildProcess.Start(_c.Variables, "olares-cli-managed-refresh", barrier, Alice, _c.Server.BaseUrl + "/auth"));
            // Every child is up and waiting at the barrier.
            foreach (var c in children) Assert.Equal("waiting", await c.ReadLineAsync(TimeSpan.FromSeconds(60)));
            File.WriteAllText(barrier, "go");
            var results = await Task.WhenAll(children.Select(c => c.WaitAsync(TimeSpan.FromSeconds(90))));
            Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
            return results.Select(r => r.Output).ToList();
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_cold_container_herd_with_olares_cli_in_it_exchanges_the_mount_once()
    {
        // The module's first command in each process imports the profile; olares-cli's import made it before.
        _c.NewContext().ListProfiles(DateTimeOffset.UtcNow);
        var outputs = await RunHerdAsync(modules: 4, olaresClis: 2);
        Assert.Equal(1, _c.Server.State.RefreshCalls);
        Assert.Equal(1, _c.Server.State.ManagedRefreshes);
        Assert.Equal(4, outputs.Count(o => o.StartsWith("ok alice", StringComparison.Ordinal)));
        var stored = _c.NewContext().Tokens.Get(Alice)!;
        Assert.True(stored.Managed);
        Assert.Null(stored.RefreshToken);
    }

    [Fact]
    public async Task A_stale_managed_token_in_a_herd_of_processes_and_olares_cli_costs_one_exchange()
    {
        var first = await RunHerdAsync(modules: 1, olaresClis: 0);
        Assert.StartsWith("ok alice", first[0]);
        _c.Server.State.ExpireAllAccessTokens();
        _c.Server.State.Reset();
        var outputs = await RunHerdAsync(modules: 5, olaresClis: 2);
        Assert.Equal(1, _c.Server.State.RefreshCalls);
        Assert.Equal(0, _c.Server.State.ReuseDetections);
        // Every process ends on one and the same stored token.
        Assert.Single(outputs.Where(o => o.StartsWith("ok", StringComparison.Ordinal)).Select(o => o.Split(' ')[2]).Distinct());
    }
}
