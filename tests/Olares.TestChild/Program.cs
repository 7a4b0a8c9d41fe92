using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Olares.Configuration;
using Olares.Desktop;
using Olares.Errors;
using Olares.Locking;
using Olares.Platform;
using Olares.Profiles;
using Olares.Storage;

// Modes (the config dir and token store come from OLARES_CLI_HOME / OLARES_CLI_DATA_DIR):
//   whoami <barrier-file>   print "waiting", wait for the barrier file, then call user-info through a session as the
//                           current profile; prints "ok <sha256 of the stored access token>" or "error <ErrorId>"
//   hold-lock <path>        take the refresh lock, print "locked", then sleep
//   write-tokens <olaresId> rewrite the stored token forever with payloads of varying length
//   olares-cli-managed-refresh <barrier-file> <olaresId> <authUrl>
//                           re-enacts olares-cli 1.12.7's managed RefreshWith from its on-disk contract (the mount,
//                           the refresh lock, a managed entry without a refresh token) with no Olares.Core credential
//                           code; prints "refreshed" or "adopted"
var mode = args.Length > 0 ? args[0] : string.Empty;
try
{
    switch (mode)
    {
        case "whoami":
        {
            Console.WriteLine("waiting");
            Console.Out.Flush();
            while (!File.Exists(args[1])) Thread.Sleep(5);
            var context = new OlaresContext(OlaresEnvironment.Current);
            var session = context.OpenSession(null);
            var user = await DesktopClient.GetUserInfoAsync(session, CancellationToken.None);
            var stored = context.Tokens.Get(session.OlaresId);
            Console.WriteLine("ok " + user.Name + " " + (stored == null ? "logged-out" : Hash(stored.AccessToken + "|" + stored.RefreshToken)));
            return 0;
        }

        case "hold-lock":
        {
            using var held = FileLock.TryAcquire(args[1]) ?? throw new InvalidOperationException("lock busy");
            Console.WriteLine("locked");
            Console.Out.Flush();
            Thread.Sleep(TimeSpan.FromMinutes(2));
            return 0;
        }

        case "write-tokens":
        {
            var store = TokenStoreFactory.CreateDefault(OlaresEnvironment.Current);
            for (var i = 0; ; i++)
            {
                var padding = new string('x', i % 2 == 0 ? 10 : 5000);
                store.Set(new StoredToken { OlaresId = args[1], AccessToken = "AT-" + i + "-" + padding, RefreshToken = "RT-" + i });
                if (i == 0)
                {
                    Console.WriteLine("writing");
                    Console.Out.Flush();
                }
            }
        }

        case "olares-cli-managed-refresh":
        {
            var id = args[2];
            var env = OlaresEnvironment.Current;
            var lockPath = ConfigPaths.RefreshLockPath(ConfigPaths.Home(env), id);
            var store = TokenStoreFactory.CreateDefault(env);
            var observed = store.Get(id)?.AccessToken ?? string.Empty;
            Console.WriteLine("waiting");
            Console.Out.Flush();
            while (!File.Exists(args[1])) Thread.Sleep(5);

            // alreadyFresh (managed rules): a stored access token other than the one we hold is someone else's refresh.
            bool AlreadyFresh() => store.Get(id) is { Managed: true, InvalidatedAt: 0 } e && e.AccessToken.Length > 0 && e.AccessToken != observed;
            if (AlreadyFresh())
            {
                Console.WriteLine("adopted");
                return 0;
            }

            using var held = await FileLock.AcquireAsync(lockPath, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), CancellationToken.None)
                ?? throw new InvalidOperationException("lock timeout");
            if (AlreadyFresh())
            {
                Console.WriteLine("adopted");
                return 0;
            }

            using var mounted = JsonDocument.Parse(File.ReadAllText(Path.Combine(Environment.GetEnvironmentVariable("OLARES_CLI_CREDENTIALS_DIR")!, "credential.json")));
            var refreshToken = mounted.RootElement.GetProperty("refreshToken").GetString()!;
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, args[3].TrimEnd('/') + "/api/refresh")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { refreshToken }), Encoding.UTF8, "application/json"),
            };
            var stored = store.Get(id);
            if (!string.IsNullOrEmpty(stored?.AccessToken)) request.Headers.TryAddWithoutValidation("X-Authorization", stored!.AccessToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException("refresh failed: HTTP " + (int)response.StatusCode);
            var data = body.RootElement.GetProperty("data");
            store.Set(new StoredToken
            {
                OlaresId = id,
                AccessToken = data.GetProperty("access_token").GetString()!,
                SessionId = data.GetProperty("session_id").GetString(),
                GrantedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                Managed = true,
            });
            Console.WriteLine("refreshed");
            return 0;
        }

        default:
            Console.Error.WriteLine("unknown mode " + mode);
            return 2;
    }
}
catch (OlaresException e)
{
    Console.WriteLine("error " + e.ErrorId + " " + e.Message);
    return 1;
}

static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
