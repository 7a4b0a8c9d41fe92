using Olares.Configuration;
using Olares.Emulator;
using Olares.Platform;
using Olares.Profiles;

namespace Olares.Tests.TestSupport;

/// <summary>
/// An Olares app container, simulated: the platform's variables (OLARES_CLI_CREDENTIALS_DIR, OLARES_CLI_CACHE_DIR),
/// a credential mount written the way app-service writes it, a writable cache dir, and an emulator that issues
/// managed (non-rotating) grants. The managed profile's services point at the emulator through this module's URL
/// template, stored beforehand in the cache's olares-powershell.json.
/// </summary>
public sealed class ManagedContainer : IAsyncDisposable
{
    public const string AliceId = "alice@olares.com";
    public const string App = "lares";

    private ManagedContainer(EmulatorServer server, string root)
    {
        Server = server;
        Root = root;
        MountDir = Path.Combine(root, "olares", "credentials");
        CacheDir = Path.Combine(root, "olares", "cache");
        Directory.CreateDirectory(MountDir);
        Environment = EnvironmentWith(Variables);
    }

    public EmulatorServer Server { get; }

    public string Root { get; }

    public string MountDir { get; }

    public string CacheDir { get; }

    public string CredentialFile => Path.Combine(MountDir, "credential.json");

    /// <summary>The platform's two variables, also what a child process needs to live in the same container.</summary>
    public IDictionary<string, string> Variables => new Dictionary<string, string>
    {
        ["OLARES_CLI_CREDENTIALS_DIR"] = MountDir,
        ["OLARES_CLI_CACHE_DIR"] = CacheDir,
    };

    public OlaresEnvironment Environment { get; }

    /// <summary>Where config.json lives in the container (the probed cache dir).</summary>
    public string Home => Path.Combine(CacheDir, "config");

    public string? MountedRefreshToken { get; private set; }

    public static async Task<ManagedContainer> StartAsync(EmulatorOptions? options = null)
    {
        var server = await EmulatorServer.StartAsync(options ?? new EmulatorOptions());
        var root = Path.Combine(Path.GetTempPath(), "olares-container-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        return new ManagedContainer(server, root);
    }

    /// <summary>An environment of this container with other variables too (or some removed, with null).</summary>
    public OlaresEnvironment EnvironmentWith(IDictionary<string, string> variables) =>
        new OlaresEnvironment(name => variables.TryGetValue(name, out var v) ? v : null, Path.Combine(Root, "home"),
            OperatingSystem.IsWindows() ? OsKind.Windows : OperatingSystem.IsMacOS() ? OsKind.MacOS : OsKind.Linux,
            Path.GetTempPath(), OlaresEnvironment.ProcessUserId());

    /// <summary>A new command's view of the container (what each cmdlet invocation builds).</summary>
    public OlaresContext NewContext() => new OlaresContext(Environment);

    /// <summary>Points <paramref name="olaresId"/>'s services at the emulator (before the profile exists, as a container image could).</summary>
    public void UseEmulatorFor(string olaresId = AliceId) =>
        new ModuleSettingsStore(Home).Set(olaresId, new ModuleProfileSettings { ServiceUrlTemplate = Server.ServiceUrlTemplate });

    /// <summary>What app-service does on install: derive a grant and mount it. Returns the refresh token.</summary>
    public string Grant(string user = "alice", string app = App, bool firstFactorOnly = false, string? olaresId = null)
    {
        var rt = Server.State.IssueManagedGrant(user, firstFactorOnly);
        Mount(rt, olaresId ?? user + "@olares.com", app);
        return rt;
    }

    /// <summary>Writes credential.json (0444 as the platform does), its mtime later than any earlier version.</summary>
    public void Mount(string refreshToken, string olaresId = AliceId, string app = App)
    {
        var previous = File.Exists(CredentialFile) ? File.GetLastWriteTimeUtc(CredentialFile) : DateTime.MinValue;
        if (File.Exists(CredentialFile)) File.SetAttributes(CredentialFile, FileAttributes.Normal);
        File.WriteAllText(CredentialFile, "{\"refreshToken\":\"" + refreshToken + "\",\"olaresId\":\"" + olaresId + "\",\"appName\":\"" + app + "\"}");
        var now = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(CredentialFile, now > previous ? now : previous.AddSeconds(1));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(CredentialFile, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        MountedRefreshToken = refreshToken;
    }

    /// <summary>Every file the module wrote in the container, as text (to prove a secret is nowhere on disk in clear).</summary>
    public IEnumerable<string> CacheFilesText() =>
        Directory.Exists(CacheDir)
            ? Directory.EnumerateFiles(CacheDir, "*", SearchOption.AllDirectories).Select(f => File.ReadAllText(f))
            : Enumerable.Empty<string>();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(Root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
