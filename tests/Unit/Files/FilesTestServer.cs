using System.Net;
using System.Security;
using System.Security.Cryptography;
using Olares.Emulator;
using Olares.Files;
using Olares.Http;
using Olares.Identity;
using Olares.Platform;
using Olares.Profiles;

namespace Olares.Tests.Files;

/// <summary>
/// An in-process emulator with alice logged in through the real login path (private config dir and token store),
/// her files client, and a scratch folder for local files. Dispose stops the server and removes everything.
/// </summary>
internal sealed class FilesTestServer : IAsyncDisposable
{
    private FilesTestServer(EmulatorServer server, string root, OlaresSession session)
    {
        Server = server;
        Root = root;
        Session = session;
        Files = new FilesClient(session) { TaskPollInterval = TimeSpan.FromMilliseconds(50), MaxTaskPollInterval = TimeSpan.FromMilliseconds(200) };
        Service = new FilesService(Files);
        Local = Path.Combine(root, "local");
        Directory.CreateDirectory(Local);
    }

    public EmulatorServer Server { get; }

    public EmulatorState State => Server.State;

    public string Root { get; }

    public OlaresSession Session { get; }

    public FilesClient Files { get; }

    /// <summary>The files operations over <see cref="Files"/>.</summary>
    public FilesService Service { get; }

    /// <summary>A scratch folder for local files.</summary>
    public string Local { get; }

    /// <summary>Where the emulator stores a front-end path of alice ("drive/Home/x").</summary>
    public string Stored(string frontEnd) => Path.Combine(State.Files.Root, "alice", frontEnd);

    public static async Task<FilesTestServer> StartAsync(int tokenLifetimeSeconds = 3600)
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { TokenLifetimeSeconds = tokenLifetimeSeconds });
        var root = Path.Combine(Path.GetTempPath(), "olares-files-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var env = OlaresEnvironment.FromVariables(new Dictionary<string, string>
        {
            ["OLARES_CLI_HOME"] = Path.Combine(root, "config"),
            ["OLARES_CLI_DATA_DIR"] = Path.Combine(root, "data"),
        }, root, OsKind.Linux, Path.GetTempPath());
        var context = new OlaresContext(env);
        using var password = new SecureString();
        foreach (var c in "Passw0rd!") password.AppendChar(c);
        await new LoginService(context).LoginAsync(new LoginRequest(OlaresId.Parse("alice@olares.com"))
        {
            Password = password,
            ServiceUrlTemplate = server.ServiceUrlTemplate,
            Force = true,
        }, CancellationToken.None);
        return new FilesTestServer(server, root, context.OpenSession(null));
    }

    /// <summary>Writes a file of random bytes (deterministic per seed) and returns its path.</summary>
    public string WriteRandom(string relative, int length, int seed = 1)
    {
        var path = Path.Combine(Local, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Puts a file of random bytes straight into the server's storage.</summary>
    public string PutRemote(string frontEnd, int length, int seed = 1)
    {
        var path = Stored(frontEnd);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(s));
    }

    public int Hits(string key) => State.HitCount(key);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
