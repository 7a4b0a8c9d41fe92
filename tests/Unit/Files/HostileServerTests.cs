using System.Diagnostics;
using System.Text;
using Olares.Errors;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

/// <summary>
/// A broken or hostile files server, one emulator knob per hostile answer: listing values no file has, names that
/// are paths or Windows devices or collide locally, connections reset mid-body, servers that stall.
/// </summary>
public sealed class HostileServerTests : IAsyncLifetime
{
    private FilesTestServer _t = null!;

    public async Task InitializeAsync() => _t = await FilesTestServer.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private static RemotePath P(string s) => RemotePath.Parse(s);

    private static Dictionary<string, object?> Entry(string name, object? size = null, object? modified = null)
    {
        var e = new Dictionary<string, object?> { ["name"] = name };
        if (size != null) e["size"] = size;
        if (modified != null) e["modified"] = modified;
        return e;
    }

    private DownloadOptions Fast(LocalNameRules? rules = null, int parallel = 4) => new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(50), NameRules = rules, Parallel = parallel,
    };

    private Task<IReadOnlyList<DownloadResult>> DownloadAsync(string remote, string destination, DownloadOptions options) =>
        _t.Service.DownloadAsync(new[] { P(remote) }, destination, _t.Local, options, null, default);

    // ---- listing values no file has ------------------------------------------------------------

    [Fact]
    public async Task OddListingValues_AreTolerated_ByEveryCommandThatReadsTheListing()
    {
        _t.PutRemote("drive/Home/h/real.txt", 5);
        _t.State.Files.AddHostileEntries("drive/Home/h",
            Entry("negative", size: -5), Entry("overflowing", size: 1e30), Entry("wrapped", size: "18446744073709551615"),
            Entry("go zero", modified: "0001-01-01T00:00:00Z"), Entry("nanoseconds", modified: 1717171717000000000L), Entry("huge time", modified: long.MaxValue),
            Entry("a/b"), Entry("../up"));

        var items = new List<RemoteItem>();
        var problems = new List<OlaresException>();
        await _t.Service.ListAsync(P("drive/Home/h"), false, items.Add, problems.Add, default);
        Assert.Equal(7, items.Count);
        Assert.All(items.Where(i => i.Name is "negative" or "overflowing" or "wrapped"), i => Assert.False(i.SizeKnown));
        Assert.Null(items.Single(i => i.Name == "go zero").Modified);
        Assert.Equal(2024, items.Single(i => i.Name == "nanoseconds").Modified!.Value.Year);
        Assert.Equal(new[] { "a/b", "../up" }, problems.Select(p => ((OlaresUnsafeRemoteNameException)p).Name));

        // Stat, removal checks and paste plans read the same listing: typed answers, no raw exception.
        Assert.False((await _t.Files.StatAsync(P("drive/Home/h/negative"), default)).SizeKnown);
        var removal = _t.Service.BeginRemove(new[] { P("drive/Home/h/overflowing") }, false);
        Assert.Single((await removal.CheckAsync(removal.Groups[0], default)).Candidates);
        Directory.CreateDirectory(_t.Stored("drive/Home/dst"));
        var paste = await _t.Service.PlanPasteAsync(new PasteRequest(new[] { P("drive/Home/h/go zero") }, P("drive/Home/dst/"), false), default);
        Assert.Null(Assert.Single(paste.Entries).Error);
    }

    [Fact]
    public async Task AFolderOfOddEntries_Downloads_WithTypedErrorsForWhatCannotBeFetched()
    {
        var real = _t.PutRemote("drive/Home/h/real.bin", 70_000, 3);
        _t.PutRemote("drive/Home/h/also.bin", 10, 4);
        // Sizes that sum beyond long.MaxValue (a checked Sum used to throw OverflowException) and Go's zero time on a real file.
        _t.State.Files.OverrideListing("drive/Home/h/real.bin", new() { ["size"] = long.MaxValue, ["modified"] = "0001-01-01T00:00:00Z" });
        _t.State.Files.OverrideListing("drive/Home/h/also.bin", new() { ["size"] = long.MaxValue - 1 });
        _t.State.Files.AddHostileEntries("drive/Home/h", Entry("ghost", size: -1), Entry("x/../../escape"));
        var started = DateTime.UtcNow.AddSeconds(-5);

        var results = await DownloadAsync("drive/Home/h", _t.Local + "/out/", Fast());
        var byName = results.Where(r => r.Job != null).ToDictionary(r => r.Job!.Remote.Name);
        Assert.Null(byName["real.bin"].Error);
        Assert.Null(byName["also.bin"].Error);
        Assert.IsType<OlaresNotFoundException>(byName["ghost"].Error);
        Assert.Equal("OlaresUnsafeRemoteName", Assert.Single(results, r => r.Job == null).Error!.ErrorId);
        var local = Path.Combine(_t.Local, "out/h/real.bin");
        Assert.Equal(FilesTestServer.Sha256(real), FilesTestServer.Sha256(local));
        Assert.True(File.GetLastWriteTimeUtc(local) > started, "an unknown time leaves the file's own time");
        Assert.False(File.Exists(Path.Combine(_t.Local, "escape")));
        Assert.Equal(new[] { "also.bin", "real.bin" }, Directory.GetFiles(Path.Combine(_t.Local, "out/h")).Select(Path.GetFileName).Order());
    }

    // ---- names that must not become local files -----------------------------------------------

    [Fact]
    public async Task WindowsDeviceNames_AreRefused_WithWindowsRules_OnAnyOs()
    {
        foreach (var name in new[] { "CON", "nul.txt", "COM1.tar.gz", "LPT\u00B9", "ok.txt" }) _t.PutRemote("drive/Home/dev/" + name, 3);
        var results = await DownloadAsync("drive/Home/dev", _t.Local + "/win/", Fast(LocalNameRules.Windows));
        var refused = results.Where(r => r.Job == null).Select(r => Assert.IsType<OlaresUnsafeRemoteNameException>(r.Error)).ToList();
        Assert.Equal(new[] { "COM1.tar.gz", "CON", "LPT\u00B9", "nul.txt" }, refused.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.All(refused, e => Assert.Contains("device", e.Message));
        Assert.Equal(new[] { "ok.txt" }, Directory.GetFiles(Path.Combine(_t.Local, "win/dev")).Select(Path.GetFileName));

        // The same listing on a POSIX volume: ordinary names.
        var posix = await DownloadAsync("drive/Home/dev", _t.Local + "/posix/", Fast(new LocalNameRules(false, false, false)));
        Assert.All(posix, r => Assert.Null(r.Error));
        Assert.Equal(5, Directory.GetFiles(Path.Combine(_t.Local, "posix/dev")).Length);
    }

    [Fact]
    public async Task NamesOneLocalFileWouldTake_AreRefusedTogether_OnAnInsensitiveVolume()
    {
        var nfc = "caf\u00E9.txt";
        var nfd = "cafe\u0301.txt";
        _t.PutRemote("drive/Home/col/README", 100, 1);
        _t.PutRemote("drive/Home/col/readme", 200, 2);
        _t.PutRemote("drive/Home/col/" + nfc, 300, 3);
        _t.PutRemote("drive/Home/col/" + nfd, 400, 4);
        _t.PutRemote("drive/Home/col/Docs/in.txt", 5, 5);
        _t.PutRemote("drive/Home/col/docs", 6, 6);
        var keep = _t.PutRemote("drive/Home/col/keep.bin", 7, 7);

        var results = await DownloadAsync("drive/Home/col", _t.Local + "/ci/", Fast(new LocalNameRules(false, true, true)));
        var collisions = results.Where(r => r.Error is OlaresLocalNameCollisionException).Select(r => (OlaresLocalNameCollisionException)r.Error!).ToList();
        Assert.Equal(6, collisions.Count);
        Assert.All(collisions, c => Assert.Equal("OlaresLocalNameCollision", c.ErrorId));
        Assert.Equal(new[] { "keep.bin" }, Directory.GetFileSystemEntries(Path.Combine(_t.Local, "ci/col")).Select(Path.GetFileName));
        Assert.Equal(FilesTestServer.Sha256(keep), FilesTestServer.Sha256(Path.Combine(_t.Local, "ci/col/keep.bin")));

        // A volume that tells them apart gets every one of them, each with its own bytes.
        var cs = await DownloadAsync("drive/Home/col", _t.Local + "/cs/", Fast(new LocalNameRules(false, false, false)));
        Assert.All(cs, r => Assert.Null(r.Error));
        foreach (var name in new[] { "README", "readme", nfc, nfd, "docs", "Docs/in.txt" })
        {
            Assert.Equal(FilesTestServer.Sha256(_t.Stored("drive/Home/col/" + name)), FilesTestServer.Sha256(Path.Combine(_t.Local, "cs/col", name)));
        }

        Assert.True(Encoding.UTF8.GetByteCount(nfc) != Encoding.UTF8.GetByteCount(nfd));
    }

    [Fact]
    public async Task TwoSourcesWithOneLocalName_TheSecondIsRefused()
    {
        _t.PutRemote("drive/Home/one/same.txt", 1, 1);
        _t.PutRemote("drive/Home/two/same.txt", 2, 2);
        var results = await _t.Service.DownloadAsync(new[] { P("drive/Home/one/same.txt"), P("drive/Home/two/same.txt") }, _t.Local + "/both/", _t.Local, Fast(), null, default);
        Assert.Null(Assert.Single(results, r => r.Job != null).Error);
        var e = Assert.IsType<OlaresLocalNameCollisionException>(Assert.Single(results, r => r.Job == null).Error);
        Assert.Equal("drive/Home/two/same.txt", e.Target);
        Assert.Equal(1, new FileInfo(Path.Combine(_t.Local, "both/same.txt")).Length);
    }

    [Fact]
    public async Task AFileNamedLikeAnothersPartialFile_NeitherCorruptsTheOther()
    {
        var a = _t.PutRemote("drive/Home/p/a.txt", 300_000, 1);
        var b = _t.PutRemote("drive/Home/p/a.txt" + DownloadEngine.PartialSuffix, 200_000, 2);
        _t.State.Files.RawThrottleKiBps = 2000;   // both in flight at once
        var engine = new DownloadEngine(_t.Files, Fast(parallel: 2));
        var plan = await engine.PlanAsync(new[] { P("drive/Home/p") }, _t.Local + "/", _t.Local, default);
        var partials = plan.Jobs.Select(j => j.PartialPath).ToList();
        Assert.Equal(partials.Count, partials.Distinct().Count());
        Assert.DoesNotContain(plan.Jobs, j => plan.Jobs.Any(o => o.LocalPath == j.PartialPath));
        Assert.EndsWith("a.txt.1" + DownloadEngine.PartialSuffix, plan.Jobs.Single(j => j.Remote.Name == "a.txt").PartialPath);

        var results = await engine.RunAsync(plan, new TransferProgress("t", 1), null, default);
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(FilesTestServer.Sha256(a), FilesTestServer.Sha256(Path.Combine(_t.Local, "p/a.txt")));
        Assert.Equal(FilesTestServer.Sha256(b), FilesTestServer.Sha256(Path.Combine(_t.Local, "p/a.txt" + DownloadEngine.PartialSuffix)));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_t.Local, "p")).Length);
    }

    // ---- connections reset mid-body ------------------------------------------------------------

    [Fact]
    public async Task ADownloadResetEveryTime_IsANetworkError_NotALocalOne()
    {
        _t.PutRemote("drive/Home/r/reset.bin", 500_000, 8);
        _t.State.Files.DropDownloads(100_000, count: 10);
        var results = await DownloadAsync("drive/Home/r/reset.bin", _t.Local + "/", Fast());
        var e = Assert.IsType<OlaresTransferException>(Assert.Single(results).Error);
        Assert.Equal("OlaresTransferFailed", e.ErrorId);
        Assert.Equal(OlaresErrorKind.Connection, e.Kind);
        Assert.Contains("connection", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(4, _t.State.Files.Drops);   // the first attempt and 3 retries
    }

    [Fact]
    public async Task ContentResetMidBody_IsANetworkError()
    {
        _t.PutRemote("drive/Home/r/cat.bin", 400_000, 9);
        _t.State.Files.DropDownloads(100_000);
        using var content = await _t.Service.OpenReadAsync(P("drive/Home/r/cat.bin"), default);
        var e = await Assert.ThrowsAsync<OlaresTransferException>(() => content.CopyToAsync(Stream.Null));
        Assert.Equal(OlaresErrorKind.Connection, e.Kind);
        Assert.Contains("cat.bin", e.Message);
    }

    [Fact]
    public async Task AListingResetMidBody_IsUnreachable_NotALocalFileError()
    {
        _t.PutRemote("drive/Home/r/x.txt", 1);
        _t.State.Files.ResetListings(1);
        var e = await Assert.ThrowsAsync<OlaresConnectionException>(() => _t.Files.ListAsync(P("drive/Home/r"), default));
        Assert.Equal("OlaresUnreachable", e.ErrorId);
        Assert.Single((await _t.Files.ListAsync(P("drive/Home/r"), default)).Items);
    }

    // ---- servers that stall --------------------------------------------------------------------

    [Fact]
    public async Task AStalledDownload_IsEndedByTheWatchdog_AndContinuedFromItsBytes()
    {
        var stored = _t.PutRemote("drive/Home/s/stall.bin", 400_000, 10);
        _t.State.Files.StallDownloads(150_000, count: 1);
        var options = Fast();
        options.StallTimeout = TimeSpan.FromMilliseconds(600);
        var clock = Stopwatch.StartNew();
        var results = await DownloadAsync("drive/Home/s/stall.bin", _t.Local + "/", options);
        Assert.Null(Assert.Single(results).Error);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.5, 20);
        Assert.Equal(FilesTestServer.Sha256(stored), FilesTestServer.Sha256(Path.Combine(_t.Local, "stall.bin")));
        Assert.Equal("bytes=150000-", _t.State.Files.RangeHeaders[^1]);

        _t.State.Files.StallDownloads(1000, count: 1);
        options.MaxRetries = 0;
        options.Mode = DownloadMode.Overwrite;
        var failed = await DownloadAsync("drive/Home/s/stall.bin", _t.Local + "/", options);
        var e = Assert.IsType<OlaresTransferStalledException>(Assert.Single(failed).Error);
        Assert.Equal("OlaresTransferStalled", e.ErrorId);
        Assert.Equal(OlaresErrorKind.Timeout, e.Kind);
    }

    [Fact]
    public async Task StalledContent_IsATypedTimeout()
    {
        _t.PutRemote("drive/Home/s/cat.bin", 300_000, 11);
        _t.State.Files.StallDownloads(50_000);
        _t.Service.StallTimeout = TimeSpan.FromMilliseconds(500);
        using var content = await _t.Service.OpenReadAsync(P("drive/Home/s/cat.bin"), default);
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<OlaresTransferStalledException>(() => Task.Run(() => content.CopyTo(Stream.Null)));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.3, 15);
        Assert.Contains("cat.bin", e.Message);
    }

    [Fact]
    public async Task Cancelling_IsNotAStall()
    {
        _t.PutRemote("drive/Home/s/slow.bin", 300_000, 12);
        _t.State.Files.StallDownloads(10_000);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var options = Fast();
        options.StallTimeout = TimeSpan.FromSeconds(30);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _t.Service.DownloadAsync(new[] { P("drive/Home/s/slow.bin") }, _t.Local + "/", _t.Local, options, null, cts.Token));
    }
}
