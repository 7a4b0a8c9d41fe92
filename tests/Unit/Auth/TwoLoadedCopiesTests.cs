using System.Reflection;
using System.Runtime.Loader;
using Olares.Auth;
using Olares.Emulator;
using Olares.Platform;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Auth;

/// <summary>
/// Torture #18: two copies of Olares.Core in one process (two module versions, or one module imported into two load
/// contexts) share no static state, so their in-process gates and credential registries are separate; only the file
/// lock can keep them to one refresh of a stale token.
/// </summary>
public sealed class TwoLoadedCopiesTests : IAsyncLifetime
{
    private LoggedInServer _s = null!;

    public async Task InitializeAsync() => _s = await LoggedInServer.StartAsync(new EmulatorOptions { RefreshLatencyMs = 200 });

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task Copies_in_separate_load_contexts_refresh_a_stale_token_once()
    {
        var stale = _s.Stored.AccessToken;
        var copies = new[] { new CoreCopy("olares-copy-1", _s.Root), new CoreCopy("olares-copy-2", _s.Root) };
        try
        {
            Assert.All(copies, c => Assert.NotSame(typeof(OlaresCredential).Assembly, c.Assembly));
            var here = _s.Alice.Credential;
            var tokens = await Task.WhenAll(copies.Select(c => c.RefreshAsync(LoggedInServer.AliceId, stale)).Append(here.RefreshAsync(stale, CancellationToken.None)));
            Assert.Equal(1, _s.Server.State.RefreshCalls);
            Assert.Equal(0, _s.Server.State.ReuseDetections);
            Assert.Single(tokens.Distinct());
            Assert.Equal(_s.Stored.AccessToken, tokens[0]);
        }
        finally
        {
            foreach (var c in copies) c.Unload();
        }
    }

    /// <summary>Olares.Core loaded again from its file into a collectible context of its own, driven by reflection.</summary>
    private sealed class CoreCopy
    {
        private readonly AssemblyLoadContext _context;
        private readonly object _olaresContext;

        public CoreCopy(string name, string root)
        {
            _context = new AssemblyLoadContext(name, isCollectible: true);
            Assembly = _context.LoadFromAssemblyPath(typeof(OlaresCredential).Assembly.Location);
            var environmentType = Assembly.GetType(typeof(OlaresEnvironment).FullName!, true)!;
            var osType = Assembly.GetType(typeof(OsKind).FullName!, true)!;
            var reference = LoggedInServer.EnvironmentFor(root);
            var variables = new Dictionary<string, string>
            {
                ["OLARES_CLI_HOME"] = Path.Combine(root, "config"),
                ["OLARES_CLI_DATA_DIR"] = Path.Combine(root, "data"),
            };
            var environment = environmentType.GetMethod(nameof(OlaresEnvironment.FromVariables))!
                .Invoke(null, new object?[] { variables, root, Enum.ToObject(osType, (int)reference.Os), Path.GetTempPath() });
            var contextType = Assembly.GetType(typeof(Olares.Profiles.OlaresContext).FullName!, true)!;
            _olaresContext = Activator.CreateInstance(contextType, environment, null)!;
        }

        public Assembly Assembly { get; }

        public Task<string> RefreshAsync(string olaresId, string observed)
        {
            var profile = _olaresContext.GetType().GetMethod("ResolveProfile")!.Invoke(_olaresContext, new object?[] { olaresId })!;
            var credential = profile.GetType().GetProperty("Credential")!.GetValue(profile)!;
            return (Task<string>)credential.GetType().GetMethod("RefreshAsync")!.Invoke(credential, new object?[] { observed, CancellationToken.None })!;
        }

        public void Unload() => _context.Unload();
    }
}
