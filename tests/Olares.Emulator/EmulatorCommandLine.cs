using System.Globalization;

namespace Olares.Emulator;

/// <summary>Parsed command line of the emulator process.</summary>
internal sealed record EmulatorCommandLine(EmulatorOptions Options, int? ParentPid)
{
    internal const string Usage =
        "usage: Olares.Emulator [--port N] [--host H] [--port-file PATH] [--token-lifetime SECONDS] " +
        "[--refresh-latency-ms N] [--os-version V] [--user name:password[:role[:totpcode]]]... [--parent-pid N] [--files-root PATH]";

    /// <summary>Parses "--flag value" or "--flag=value". Throws <see cref="FormatException"/> on bad input.</summary>
    public static EmulatorCommandLine Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions();
        var users = new List<EmulatorUser>();
        int? parentPid = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string name = arg, value;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                value = arg[(eq + 1)..];
            }
            else
            {
                if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new FormatException($"unexpected argument '{arg}'");
                if (i + 1 >= args.Count) throw new FormatException($"{arg} needs a value");
                value = args[++i];
            }

            switch (name.ToLowerInvariant())
            {
                case "--port": options.Port = Int(name, value, 0, 65535); break;
                case "--host": options.Host = value; break;
                case "--port-file": options.PortFile = value; break;
                case "--token-lifetime": options.TokenLifetimeSeconds = Int(name, value, int.MinValue, int.MaxValue); break;
                case "--refresh-latency-ms": options.RefreshLatencyMs = Int(name, value, 0, int.MaxValue); break;
                case "--os-version": options.OsVersion = value; break;
                case "--parent-pid": parentPid = Int(name, value, 1, int.MaxValue); break;
                case "--user": users.Add(ParseUser(value)); break;
                case "--files-root": options.FilesRoot = value; break;
                default: throw new FormatException($"unknown option '{name}'");
            }
        }
        if (users.Count > 0) options.Users = users;
        return new EmulatorCommandLine(options, parentPid);
    }

    /// <summary>name:password[:role[:totpcode]]</summary>
    internal static EmulatorUser ParseUser(string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length is < 2 or > 4 || parts[0].Length == 0)
            throw new FormatException($"--user '{spec}' must be name:password[:role[:totpcode]]");
        return new EmulatorUser
        {
            Name = parts[0],
            Password = parts[1],
            OwnerRole = parts.Length > 2 && parts[2].Length > 0 ? parts[2] : "owner",
            TotpCode = parts.Length > 3 && parts[3].Length > 0 ? parts[3] : null,
        };
    }

    private static int Int(string name, string value, int min, int max)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new FormatException($"{name} expects an integer, got '{value}'");
}
