using System.Diagnostics;

namespace Olares.Tests.TestSupport;

/// <summary>Starts tests/Olares.TestChild as a real process sharing a config dir and token store.</summary>
public sealed class ChildProcess : IDisposable
{
    private ChildProcess(Process process)
    {
        Process = process;
    }

    public Process Process { get; }

    /// <summary>The child runs from its own output folder (tests/Olares.TestChild/bin/&lt;config&gt;/&lt;tfm&gt;), with its own dependencies.</summary>
    public static string ChildDll
    {
        get
        {
            var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = tfmDir.Parent!.Name;
            var tests = tfmDir.Parent.Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(tests, "Olares.TestChild", "bin", configuration, tfmDir.Name, "Olares.TestChild.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("The test child is not built", dll);
        }
    }

    public static ChildProcess Start(IDictionary<string, string> variables, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ChildDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in variables) info.Environment[k] = v;
        return new ChildProcess(Process.Start(info)!);
    }

    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await Process.StandardOutput.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("child exited: " + await Process.StandardError.ReadToEndAsync());
    }

    public async Task<(int ExitCode, string Output)> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var output = await Process.StandardOutput.ReadToEndAsync(cts.Token);
        await Process.WaitForExitAsync(cts.Token);
        return (Process.ExitCode, output.Trim() + await Process.StandardError.ReadToEndAsync());
    }

    /// <summary>SIGKILL: no cleanup, no finally blocks, the kernel drops its locks.</summary>
    public void KillHard()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.WaitForExit(5000);
    }

    public void Dispose()
    {
        KillHard();
        Process.Dispose();
    }
}
