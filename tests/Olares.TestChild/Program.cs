using System.Security.Cryptography;
using System.Text;
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
