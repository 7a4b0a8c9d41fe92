using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using Olares.Emulator;
using Xunit;

namespace Olares.Tests.Emulator;

/// <summary>The emulator as a separate process, and its command line.</summary>
public sealed class EmulatorProcessTests
{
    [Fact]
    public void CommandLine_ParsesAllOptions()
    {
        var cmd = EmulatorCommandLine.Parse(new[]
        {
            "--port", "5055", "--host", "127.0.0.1", "--port-file", "/tmp/p", "--token-lifetime", "30",
            "--refresh-latency-ms=250", "--os-version", "1.11.0", "--user", "bob:pw", "--user", "eve:pw2:admin:654321",
            "--parent-pid", "42",
        });
        Assert.Equal(5055, cmd.Options.Port);
        Assert.Equal("/tmp/p", cmd.Options.PortFile);
        Assert.Equal(30, cmd.Options.TokenLifetimeSeconds);
        Assert.Equal(250, cmd.Options.RefreshLatencyMs);
        Assert.Equal("1.11.0", cmd.Options.OsVersion);
        Assert.Equal(42, cmd.ParentPid);
        Assert.Equal(2, cmd.Options.Users.Count); // --user replaces the default alice
        Assert.Equal("bob", cmd.Options.Users[0].Name);
        Assert.Equal("owner", cmd.Options.Users[0].OwnerRole);
        Assert.Null(cmd.Options.Users[0].TotpCode);
        Assert.Equal("admin", cmd.Options.Users[1].OwnerRole);
        Assert.Equal("654321", cmd.Options.Users[1].TotpCode);

        var defaults = EmulatorCommandLine.Parse(Array.Empty<string>());
        Assert.Equal("alice", Assert.Single(defaults.Options.Users).Name);
        Assert.Null(defaults.ParentPid);

        Assert.Throws<FormatException>(() => EmulatorCommandLine.Parse(new[] { "--bogus", "1" }));
        Assert.Throws<FormatException>(() => EmulatorCommandLine.Parse(new[] { "--port", "x" }));
        Assert.Throws<FormatException>(() => EmulatorCommandLine.Parse(new[] { "--user", "nopassword" }));
    }

    [Fact]
    public async Task Process_PrintsListeningLine_WritesPortFile_AndServes()
    {
        var portFile = Path.Combine(Path.GetTempPath(), "olares-emu-" + Guid.NewGuid().ToString("N") + ".port");
        using var p = StartEmulator($"--port 0 --port-file \"{portFile}\" --os-version 9.9.9 --user bob:pw");
        try
        {
            var line = await ReadLineAsync(p, TimeSpan.FromSeconds(15));
            Assert.Matches(@"^Olares emulator listening on http://127\.0\.0\.1:\d+$", line);
            var baseUrl = line!.Substring("Olares emulator listening on ".Length);
            Assert.Equal(new Uri(baseUrl).Port.ToString(), File.ReadAllText(portFile).Trim());

            using var http = new HttpClient();
            var state = await http.GetStringAsync(baseUrl + "/_admin/state");
            Assert.Contains("\"osVersion\":\"9.9.9\"", state);
            using var login = await http.PostAsync(baseUrl + "/auth/api/firstfactor?hideCookie=true",
                EmulatorTestClient.Json(new { username = "bob", password = EmulatorTestClient.HashPassword("pw") }));
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(0, Kill(p.Id, 15)); // SIGTERM
                Assert.True(p.WaitForExit(5000), "emulator did not exit on SIGTERM");
                Assert.Equal(0, p.ExitCode);
            }
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            File.Delete(portFile);
        }
    }

    [Fact]
    public async Task Process_ExitsWhenParentIsGone()
    {
        // A parent that has already exited: the emulator must notice within its 1 s poll.
        using var parent = Process.Start(new ProcessStartInfo(DotnetHost(), "--version")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        await parent.WaitForExitAsync();
        var parentPid = parent.Id;

        using var p = StartEmulator($"--parent-pid {parentPid}");
        try
        {
            var line = await ReadLineAsync(p, TimeSpan.FromSeconds(15));
            Assert.StartsWith("Olares emulator listening on ", line);
            Assert.True(p.WaitForExit(5000), "emulator did not exit after its parent was gone");
            Assert.Equal(0, p.ExitCode);
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }

    private static string DotnetHost()
        => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";

    private static Process StartEmulator(string arguments)
    {
        var dll = typeof(EmulatorServer).Assembly.Location;
        var psi = new ProcessStartInfo(DotnetHost(), $"\"{dll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var p = Process.Start(psi)!;
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        return p;
    }

    private static async Task<string?> ReadLineAsync(Process p, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await p.StandardOutput.ReadLineAsync(cts.Token);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);
}
