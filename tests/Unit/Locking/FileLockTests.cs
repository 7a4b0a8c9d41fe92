using System.Diagnostics;
using Olares.Locking;
using Xunit;

namespace Olares.Tests.Locking;

public sealed class FileLockTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "olares-lock-" + Guid.NewGuid().ToString("N"));

    private string LockPath => Path.Combine(_dir, "locks", "alice@olares.com.refresh.lock");

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void Acquire_release_acquire_again()
    {
        using (var first = FileLock.TryAcquire(LockPath)) Assert.NotNull(first);
        using var second = FileLock.TryAcquire(LockPath);
        Assert.NotNull(second);
        Assert.True(File.Exists(LockPath), "the lock file is never deleted");
    }

    [Fact]
    public void Two_holders_in_one_process_exclude_each_other()
    {
        using var first = FileLock.TryAcquire(LockPath);
        Assert.NotNull(first);
        Assert.Null(FileLock.TryAcquire(LockPath));
    }

    [Fact]
    public async Task Acquire_times_out_after_the_deadline_and_not_before()
    {
        using var holder = FileLock.TryAcquire(LockPath);
        var watch = Stopwatch.StartNew();
        var got = await FileLock.AcquireAsync(LockPath, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50), CancellationToken.None);
        Assert.Null(got);
        Assert.True(watch.ElapsedMilliseconds >= 280, "waited " + watch.ElapsedMilliseconds + " ms");
    }

    [Fact]
    public async Task Acquire_waits_until_the_holder_releases()
    {
        var holder = FileLock.TryAcquire(LockPath);
        var waiting = FileLock.AcquireAsync(LockPath, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20), CancellationToken.None);
        await Task.Delay(150);
        Assert.False(waiting.IsCompleted);
        holder!.Dispose();
        using var got = await waiting;
        Assert.NotNull(got);
    }

    [Fact]
    public async Task Cancelling_stops_the_wait_promptly()
    {
        using var holder = FileLock.TryAcquire(LockPath);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FileLock.AcquireAsync(LockPath, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), cts.Token));
        Assert.True(watch.ElapsedMilliseconds < 2000);
    }

    [Fact]
    public async Task Eight_concurrent_acquirers_in_process_are_serialised()
    {
        var inside = 0;
        var max = 0;
        var tasks = Enumerable.Range(0, 8).Select(async _ =>
        {
            using var held = await FileLock.AcquireAsync(LockPath, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(10), CancellationToken.None);
            Assert.NotNull(held);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref max, now);
            await Task.Delay(20);
            Interlocked.Decrement(ref inside);
        });
        await Task.WhenAll(tasks);
        Assert.Equal(1, max);
    }

    [Fact]
    public void Refuses_a_symlink_planted_at_the_lock_path()
    {
        if (OperatingSystem.IsWindows()) return;
        Directory.CreateDirectory(Path.GetDirectoryName(LockPath)!);
        var target = Path.Combine(_dir, "elsewhere");
        File.WriteAllText(target, "x");
        File.CreateSymbolicLink(LockPath, target);
        Assert.Throws<IOException>(() => FileLock.TryAcquire(LockPath));
    }

    /// <summary>C18: creating a missing lock file must not follow a dangling symlink and create (or truncate) its target.</summary>
    [Fact]
    public void Refuses_a_dangling_symlink_and_does_not_create_its_target()
    {
        if (OperatingSystem.IsWindows()) return;
        Directory.CreateDirectory(Path.GetDirectoryName(LockPath)!);
        var target = Path.Combine(_dir, "would-be-created");
        File.CreateSymbolicLink(LockPath, target);
        Assert.Throws<IOException>(() => FileLock.TryAcquire(LockPath));
        Assert.False(File.Exists(target));
    }

    // flock(1) from util-linux takes flock(2) LOCK_EX, the primitive gofrs/flock (olares-cli) uses.
    [Fact]
    public async Task Excludes_and_is_excluded_by_an_flock_holder_in_another_process()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/flock")) throw new InvalidOperationException("util-linux flock(1) is required on Linux");
        Directory.CreateDirectory(Path.GetDirectoryName(LockPath)!);
        using var other = Process.Start(new ProcessStartInfo("/usr/bin/flock", new[] { "--no-fork", "-x", LockPath, "/bin/sh", "-c", "echo held; exec sleep 30" })
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            Assert.Equal("held", await other.StandardOutput.ReadLineAsync());
            Assert.Null(FileLock.TryAcquire(LockPath));
        }
        finally
        {
            other.Kill(entireProcessTree: true);
            await other.WaitForExitAsync();
        }

        // One process held the lock (no fork, exec'd sleep); the kernel released it with that process: no stale lock.
        using (var mine = FileLock.TryAcquire(LockPath))
        {
            Assert.NotNull(mine);
            using var probe = Process.Start(new ProcessStartInfo("/usr/bin/flock", new[] { "-n", "-x", LockPath, "-c", "true" }))!;
            await probe.WaitForExitAsync();
            Assert.Equal(1, probe.ExitCode);
        }

        using var after = Process.Start(new ProcessStartInfo("/usr/bin/flock", new[] { "-n", "-x", LockPath, "-c", "true" }))!;
        await after.WaitForExitAsync();
        Assert.Equal(0, after.ExitCode);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
