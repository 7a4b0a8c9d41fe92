namespace Olares.Emulator;

/// <summary>Start-up settings of the emulator. Knobs can later be changed through <see cref="EmulatorState"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>TCP port to listen on; 0 picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>Address to listen on.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Lifetime of issued access tokens (JWT exp = now + this).</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Delay applied by /auth/api/refresh before it answers.</summary>
    public int RefreshLatencyMs { get; set; }

    /// <summary>Version reported by /desktop/api/olares-info.</summary>
    public string OsVersion { get; set; } = "1.12.6";

    /// <summary>Known users. Default: alice / Passw0rd! / owner / no TOTP.</summary>
    public List<EmulatorUser> Users { get; set; } = new() { new EmulatorUser { Name = "alice", Password = "Passw0rd!" } };

    /// <summary>When set, the chosen port number is written to this file once the server listens.</summary>
    public string? PortFile { get; set; }

    /// <summary>Where the files service stores files; a temporary folder (deleted on dispose) when null.</summary>
    public string? FilesRoot { get; set; }
}

/// <summary>A user of the emulated Olares instance.</summary>
public sealed class EmulatorUser
{
    /// <summary>Local part of the olaresId (e.g. "alice").</summary>
    public string Name { get; set; } = "";

    /// <summary>Clear-text password; the server compares against md5hex(password + "@Olares2025").</summary>
    public string Password { get; set; } = "";

    /// <summary>owner_role reported by user-info.</summary>
    public string OwnerRole { get; set; } = "owner";

    /// <summary>When set, the user needs a second factor and this exact code is accepted.</summary>
    public string? TotpCode { get; set; }

    internal EmulatorUser Clone() => new() { Name = Name, Password = Password, OwnerRole = OwnerRole, TotpCode = TotpCode };
}
