using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Olares.Emulator;
using Olares.PowerShell.Commands.Profiles;
using Olares.PowerShell.Output;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.PowerShell;

/// <summary>Tests that change the process environment (the cmdlets read OLARES_CLI_HOME from it) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}

/// <summary>The cmdlets hosted in-process (Microsoft.PowerShell.SDK), in runspaces this test creates.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class HostedCmdletTests : IAsyncLifetime
{
    private LoggedInServer _s = null!;
    private readonly Dictionary<string, string?> _saved = new();

    public async Task InitializeAsync()
    {
        _s = await LoggedInServer.StartAsync(new EmulatorOptions { RefreshLatencyMs = 100 });
        foreach (var (name, value) in _s.ChildVariables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        await _s.DisposeAsync();
    }

    private static InitialSessionState SessionState()
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(new[] { typeof(GetOlaresUserCommand).Assembly.Location });
        return iss;
    }

    [Fact]
    public async Task Eight_hosted_runspaces_on_a_stale_token_share_one_refresh()
    {
        _s.Server.State.ExpireAllAccessTokens();
        using var pool = RunspaceFactory.CreateRunspacePool(SessionState());
        pool.SetMaxRunspaces(8);
        pool.SetMinRunspaces(8);
        pool.Open();
        var names = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.RunspacePool = pool;
            ps.AddCommand("Get-OlaresUser");
            var result = ps.Invoke();
            Assert.Empty(ps.Streams.Error);
            return ((OlaresUser)result.Single().BaseObject).Name;
        })));
        Assert.All(names, n => Assert.Equal("alice", n));
        Assert.Equal(1, _s.Server.State.RefreshCalls);
    }

    [Fact]
    public void Verbose_messages_from_the_worker_thread_reach_the_pipeline()
    {
        _s.Server.State.ExpireAllAccessTokens();
        using var runspace = RunspaceFactory.CreateRunspace(SessionState());
        runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Get-OlaresUser").AddParameter("Verbose");
        ps.Invoke();
        Assert.Contains(ps.Streams.Verbose, v => v.Message.Contains("Refreshing the access token of alice@olares.com"));
    }

    [Fact]
    public void A_typed_failure_becomes_an_error_record_with_id_category_target_and_action()
    {
        _s.Store.Delete(LoggedInServer.AliceId);
        using var runspace = RunspaceFactory.CreateRunspace(SessionState());
        runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Get-OlaresUser");
        ps.Invoke();
        var error = Assert.Single(ps.Streams.Error);
        Assert.Equal("OlaresNotLoggedIn,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Equal(LoggedInServer.AliceId, error.TargetObject);
        Assert.Equal("Connect-Olares -OlaresId alice@olares.com", error.ErrorDetails.RecommendedAction);
        Assert.IsType<Olares.Errors.OlaresNotLoggedInException>(error.Exception);
    }

    [Fact]
    public async Task Stopping_the_pipeline_while_it_waits_for_the_refresh_lock_returns_promptly()
    {
        _s.Server.State.ExpireAllAccessTokens();
        var lockPath = Olares.Configuration.ConfigPaths.RefreshLockPath(_s.Home, LoggedInServer.AliceId);
        using var held = Olares.Locking.FileLock.TryAcquire(lockPath);
        using var runspace = RunspaceFactory.CreateRunspace(SessionState());
        runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Get-OlaresUser");
        const string userInfo = "GET /desktop/api/backend/v1/user-info";
        var before = _s.Server.State.HitCount(userInfo);
        var invocation = ps.BeginInvoke();
        // The stale token's 401 has come back: the command is on its way to the lock (a few ms, then it polls).
        for (var i = 0; i < 1500 && _s.Server.State.HitCount(userInfo) == before; i++) await Task.Delay(20);
        Assert.Equal(before + 1, _s.Server.State.HitCount(userInfo));
        await Task.Delay(200);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ps.Stop();
        Assert.True(watch.ElapsedMilliseconds < 2000, watch.ElapsedMilliseconds + " ms");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Equal(0, _s.Server.State.RefreshCalls);
    }
}
