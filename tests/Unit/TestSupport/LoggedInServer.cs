using System.Runtime.InteropServices;
using System.Security;
using Olares.Auth;
using Olares.Emulator;
using Olares.Platform;
using Olares.Profiles;
using Olares.Storage;

namespace Olares.Tests.TestSupport;

/// <summary>
/// An emulator on loopback plus a private config dir and token store with alice logged in through the real
/// login code. Everything the refresh tests need: the store, the endpoints and the server's counters.
/// </summary>
public sealed class LoggedInServer : IAsyncDisposable
{
    public const string AliceId = "alice@olares.com";

    private LoggedInServer(EmulatorServer server, string root, OlaresEnvironment env, OlaresContext context)
    {
        Server = server;
        Root = root;
        Environment = env;
        Context = context;
    }

    public EmulatorServer Server { get; }

    public string Root { get; }

    public OlaresEnvironment Environment { get; }

    public OlaresContext Context { get; }

    public ITokenStore Store => Context.Tokens;

    public string Home => Context.Home;

    public string DataDir => Path.Combine(Root, "data");

    public ResolvedProfile Alice => Context.ResolveProfile(AliceId);

    public StoredToken Stored => Store.Get(AliceId)!;

    /// <summary>A new credential for alice over <paramref name="store"/> (default: the real store), aimed at the emulator's auth service.</summary>
    public OlaresCredential NewCredential(ITokenStore? store = null, CredentialOptions? options = null, string id = AliceId)
    {
        var credential = new OlaresCredential(Home, store ?? Store, id, options);
        credential.UseAuthEndpoint(Alice.Endpoints.Auth, false);
        return credential;
    }

    public static async Task<LoggedInServer> StartAsync(EmulatorOptions? options = null, bool login = true)
    {
        var server = await EmulatorServer.StartAsync(options ?? new EmulatorOptions());
        var root = Path.Combine(Path.GetTempPath(), "olares-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var env = EnvironmentFor(root);
        var context = new OlaresContext(env);
        var fixture = new LoggedInServer(server, root, env, context);
        if (login) await fixture.LoginAsync("alice", "Passw0rd!");
        return fixture;
    }

    /// <summary>The variables a child process needs to share this config dir and token store.</summary>
    public IDictionary<string, string> ChildVariables => new Dictionary<string, string>
    {
        ["OLARES_CLI_HOME"] = Path.Combine(Root, "config"),
        ["OLARES_CLI_DATA_DIR"] = DataDir,
    };

    public static OlaresEnvironment EnvironmentFor(string root) => OlaresEnvironment.FromVariables(
        new Dictionary<string, string>
        {
            ["OLARES_CLI_HOME"] = Path.Combine(root, "config"),
            ["OLARES_CLI_DATA_DIR"] = Path.Combine(root, "data"),
        },
        root,
        OperatingSystem.IsWindows() ? OsKind.Windows : OperatingSystem.IsMacOS() ? OsKind.MacOS : OsKind.Linux,
        Path.GetTempPath());

    public async Task LoginAsync(string user, string password)
    {
        var request = new LoginRequest(Olares.Identity.OlaresId.Parse(user + "@olares.com"))
        {
            Password = Secure(password),
            ServiceUrlTemplate = Server.ServiceUrlTemplate,
            Force = true,
        };
        await new LoginService(Context).LoginAsync(request, CancellationToken.None);
    }

    public static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (var c in text) s.AppendChar(c);
        s.MakeReadOnly();
        return s;
    }

    /// <summary>Replaces the stored tokens (keeps the refresh token unless given).</summary>
    public void SetStored(string accessToken, string? refreshToken = null)
    {
        var current = Store.Get(AliceId)!;
        Store.Set(new StoredToken { OlaresId = AliceId, AccessToken = accessToken, RefreshToken = refreshToken ?? current.RefreshToken, SessionId = current.SessionId });
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(Root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
