using System.Diagnostics;
using System.Runtime.InteropServices;
using Olares.Emulator;

// Runs the emulator as a separate process. See EmulatorCommandLine.Usage.
EmulatorCommandLine cmd;
try
{
    cmd = EmulatorCommandLine.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    Console.Error.WriteLine(EmulatorCommandLine.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });

EmulatorServer server;
try
{
    server = await EmulatorServer.StartCoreAsync(cmd.Options, logToConsole: true, stop.Token);
}
catch (Exception e) when (e is not OperationCanceledException)
{
    Console.Error.WriteLine("error: cannot start the emulator: " + e.Message);
    return 1;
}

await using (server)
{
    Console.Out.WriteLine("Olares emulator listening on " + server.BaseUrl);
    Console.Out.Flush();

    if (cmd.ParentPid is int parentPid) _ = WatchParentAsync(parentPid, stop);

    try { await Task.Delay(Timeout.Infinite, stop.Token); }
    catch (OperationCanceledException) { }
}
return 0;

static async Task WatchParentAsync(int pid, CancellationTokenSource stop)
{
    while (!stop.IsCancellationRequested)
    {
        if (!IsAlive(pid)) { stop.Cancel(); return; }
        try { await Task.Delay(TimeSpan.FromSeconds(1), stop.Token); }
        catch (OperationCanceledException) { return; }
    }
}

static bool IsAlive(int pid)
{
    try
    {
        using var p = Process.GetProcessById(pid);
        return !p.HasExited;
    }
    catch (ArgumentException) { return false; }
    catch (InvalidOperationException) { return false; }
}
