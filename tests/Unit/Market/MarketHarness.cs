using System.Security;
using System.Text.Json;
using System.Text.Json.Nodes;
using Olares.Emulator;
using Olares.Http;
using Olares.Identity;
using Olares.Market;
using Olares.Platform;
using Olares.Profiles;
using Olares.Storage;
using Olares.Tests.Storage;
using Xunit;

namespace Olares.Tests.Market;

/// <summary>An in-process emulator at a given Olares version, alice logged in against it in a private config dir.</summary>
internal sealed class MarketHarness : IAsyncDisposable
{
    private readonly StorageTestDirectory _dir;

    private MarketHarness(EmulatorServer server, StorageTestDirectory dir, OlaresContext context, OlaresSession session)
    {
        Server = server;
        _dir = dir;
        Context = context;
        Session = session;
    }

    public EmulatorServer Server { get; }

    public MarketEmulator Emu => Server.State.Market();

    public OlaresContext Context { get; }

    public OlaresSession Session { get; }

    public MarketClient Client => new(Session);

    /// <summary>Fast polls for tests.</summary>
    public static WatchOptions Fast(double timeoutSeconds = 10) => new() { Timeout = TimeSpan.FromSeconds(timeoutSeconds), Interval = TimeSpan.FromMilliseconds(25) };

    public static async Task<MarketHarness> StartAsync(string osVersion = "1.12.6", int stepMs = 40, params EmulatorUser[] extraUsers)
    {
        var options = new EmulatorOptions { OsVersion = osVersion };
        options.Users.AddRange(extraUsers);
        var server = await EmulatorServer.StartAsync(options);
        server.State.Market().StepMs = stepMs;
        var dir = new StorageTestDirectory();
        var vars = new Dictionary<string, string> { ["OLARES_CLI_HOME"] = dir.Combine("config") };
        var env = OlaresEnvironment.FromVariables(vars, dir.Root, OsKind.Linux, Path.GetTempPath());
        var context = new OlaresContext(env, new KeychainTokenStore(new MemoryKeychain()));
        var password = new SecureString();
        foreach (var c in "Passw0rd!") password.AppendChar(c);
        await new LoginService(context).LoginAsync(new LoginRequest(OlaresId.Parse("alice@olares.com"))
        {
            Password = password,
            ServiceUrlTemplate = server.ServiceUrlTemplate,
        }, CancellationToken.None);
        return new MarketHarness(server, dir, context, context.OpenSession(null));
    }

    public async Task<MarketService> ServiceAsync()
        => new(Client, await BackendVersionResolver.ResolveAsync(Context.ResolveProfile(null), CancellationToken.None));

    /// <summary>The JSON bodies the emulator received for METHOD path, oldest first.</summary>
    public List<JsonNode?> Bodies(string method, string path)
        => Emu.Requests.Where(r => r.Method == method && r.Path == path).Select(r => r.Body is { } b ? JsonNode.Parse(b.GetRawText()) : null).ToList();

    /// <summary>Asserts that the only body sent to METHOD path equals <paramref name="expectedJson"/> (key order ignored).</summary>
    public void AssertSingleBody(string method, string path, string expectedJson)
    {
        var bodies = Bodies(method, path);
        Assert.Single(bodies);
        var expected = JsonNode.Parse(expectedJson);
        Assert.True(JsonNode.DeepEquals(expected, bodies[0]), $"{method} {path}: expected {expected!.ToJsonString()}, got {bodies[0]?.ToJsonString()}");
    }

    public int StatePolls => Server.State.HitCount("GET /market/app-store/api/v2/market/state");

    /// <summary>
    /// From now on every state of an operation is seen by exactly two requests, whatever the machine's load: a step
    /// lasts a minute of the server's clock and each request moves that clock by half a minute.
    /// </summary>
    public void StepWithRequests()
    {
        Emu.StepMs = 60_000;
        Server.State.Clock.AdvancePerRequest = TimeSpan.FromSeconds(30);
    }

    /// <summary>Installs an app and waits until it runs.</summary>
    public async Task InstallRunningAsync(MarketService market, string app)
    {
        var outcome = await market.InstallAsync(new InstallRequest { Name = app }, CancellationToken.None);
        await market.WaitAsync(outcome, Fast(), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _dir.Dispose();
    }
}
