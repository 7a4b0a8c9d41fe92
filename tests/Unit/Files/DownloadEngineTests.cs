using Olares.Errors;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

/// <summary>Downloads against the emulator: round trips, retries with Range after a dropped connection, resume, refusals.</summary>
public sealed class DownloadEngineTests : IAsyncLifetime
{
    private FilesTestServer _t = null!;

    public async Task InitializeAsync() => _t = await FilesTestServer.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private DownloadEngine Engine(DownloadMode mode = DownloadMode.New) =>
        new(_t.Files, new DownloadOptions { Mode = mode, InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(50) });

    private async Task<(DownloadPlan Plan, IReadOnlyList<DownloadResult> Results)> DownloadAsync(DownloadEngine engine, string remote, string? destination, CancellationToken ct = default)
    {
        var plan = await engine.PlanAsync(new[] { RemotePath.Parse(remote) }, destination, _t.Local, ct);
        var results = await engine.RunAsync(plan, new TransferProgress("test", 1), null, ct);
        return (plan, results);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300_001)]
    public async Task File_RoundTripsByteForByte_ThroughAPartialFile(int size)
    {
        var stored = _t.PutRemote($"drive/Home/f{size}.bin", size, seed: size);
        var (plan, results) = await DownloadAsync(Engine(), $"drive/Home/f{size}.bin", null);
        Assert.Empty(plan.Problems);
        var r = Assert.Single(results);
        Assert.Null(r.Error);
        Assert.Equal(Path.Combine(_t.Local, $"f{size}.bin"), r.Job.LocalPath);
        Assert.Equal(FilesTestServer.Sha256(stored), FilesTestServer.Sha256(r.Job.LocalPath));
        Assert.False(File.Exists(r.Job.PartialPath));
        Assert.Equal(File.GetLastWriteTimeUtc(stored).ToString("s"), File.GetLastWriteTimeUtc(r.Job.LocalPath).ToString("s"));
    }

    [Fact]
    public async Task Folder_IsMirrored_WithEmptyFolders_AndHostileNamesRefused()
    {
        var a = _t.PutRemote("drive/Home/tree/a b.txt", 1000, 1);
        var b = _t.PutRemote("drive/Home/tree/sub/ü.bin", 5000, 2);
        Directory.CreateDirectory(_t.Stored("drive/Home/tree/empty"));
        _t.State.Files.AddHostileNames("drive/Home/tree", "../escape", "a/b", "C:\\x");
        var (plan, results) = await DownloadAsync(Engine(), "drive/Home/tree", _t.Local + "/out/");
        Assert.All(results.Where(r => r.Job != null), r => Assert.Null(r.Error));
        Assert.Equal(FilesTestServer.Sha256(a), FilesTestServer.Sha256(Path.Combine(_t.Local, "out/tree/a b.txt")));
        Assert.Equal(FilesTestServer.Sha256(b), FilesTestServer.Sha256(Path.Combine(_t.Local, "out/tree/sub/ü.bin")));
        Assert.True(Directory.Exists(Path.Combine(_t.Local, "out/tree/empty")));
        Assert.Equal(3, plan.Problems.Count);
        Assert.All(plan.Problems, e => Assert.Equal("OlaresUnsafeRemoteName", e.ErrorId));
        // One stream: the plan's problems come first in the results, then the files.
        Assert.Equal(plan.Problems, results.Take(3).Select(r => r.Error));
        Assert.Equal(2, results.Count(r => r.Job != null));
        Assert.False(File.Exists(Path.Combine(_t.Local, "out/escape")));
        Assert.False(File.Exists(Path.Combine(_t.Local, "escape")));
        Assert.Equal(2, Directory.GetFiles(_t.Local, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task DroppedConnection_IsRetriedFromTheBytesAlreadyReceived()
    {
        var stored = _t.PutRemote("drive/Home/big.bin", 2_000_000, 3);
        _t.State.Files.DropDownloads(700_000, count: 2);
        var (_, results) = await DownloadAsync(Engine(), "drive/Home/big.bin", null);
        var r = Assert.Single(results);
        Assert.Null(r.Error);
        Assert.Equal(FilesTestServer.Sha256(stored), FilesTestServer.Sha256(r.Job.LocalPath));
        Assert.Equal(2, _t.State.Files.Drops);
        var ranges = _t.State.Files.RangeHeaders;
        Assert.Equal(3, ranges.Count);
        Assert.Equal("", ranges[0]);
        Assert.Matches(@"^bytes=\d+-$", ranges[1]);
        Assert.Matches(@"^bytes=\d+-$", ranges[2]);
        Assert.True(long.Parse(ranges[2][6..^1]) > long.Parse(ranges[1][6..^1]));
    }

    [Fact]
    public async Task ServerErrors_AreRetried_ThenTyped()
    {
        var stored = _t.PutRemote("drive/Home/x.bin", 1000, 4);
        _t.State.InjectFailure("raw", 503, count: 2);
        var (_, ok) = await DownloadAsync(Engine(), "drive/Home/x.bin", null);
        Assert.Null(Assert.Single(ok).Error);
        Assert.Equal(FilesTestServer.Sha256(stored), FilesTestServer.Sha256(Path.Combine(_t.Local, "x.bin")));

        _t.State.InjectFailure("raw", 500, count: 4);
        var (_, failed) = await DownloadAsync(Engine(DownloadMode.Overwrite), "drive/Home/x.bin", null);
        var e = Assert.IsType<OlaresHttpException>(Assert.Single(failed).Error);
        Assert.Equal("OlaresServerError", e.ErrorId);
        Assert.Equal(0, _t.State.PendingFailures("raw"));

        _t.State.InjectFailure("raw", 404);
        var (_, gone) = await DownloadAsync(Engine(DownloadMode.Overwrite), "drive/Home/x.bin", null);
        Assert.IsType<OlaresNotFoundException>(Assert.Single(gone).Error);
    }

    [Fact]
    public async Task Unexpected416_IsTyped()
    {
        _t.PutRemote("drive/Home/y.bin", 1000, 5);
        _t.State.InjectFailure("raw", 416);
        var (_, results) = await DownloadAsync(Engine(), "drive/Home/y.bin", null);
        var e = Assert.IsType<OlaresRangeNotSatisfiableException>(Assert.Single(results).Error);
        Assert.Equal("OlaresRangeNotSatisfiable", e.ErrorId);
    }

    [Fact]
    public async Task ExistingFile_NeedsOverwriteOrResume()
    {
        var stored = _t.PutRemote("drive/Home/z.bin", 4000, 6);
        File.WriteAllText(Path.Combine(_t.Local, "z.bin"), "mine");
        var (_, refused) = await DownloadAsync(Engine(), "drive/Home/z.bin", null);
        Assert.Equal("OlaresLocalFileExists", Assert.Single(refused).Error!.ErrorId);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(_t.Local, "z.bin")));

        var (_, replaced) = await DownloadAsync(Engine(DownloadMode.Overwrite), "drive/Home/z.bin", null);
        Assert.Null(Assert.Single(replaced).Error);
        Assert.Equal(FilesTestServer.Sha256(stored), FilesTestServer.Sha256(Path.Combine(_t.Local, "z.bin")));
    }

    [Fact]
    public async Task ThePlan_RefusesExistingLocalFilesPerItem_FoldersAlways_AndMergesFolders()
    {
        _t.PutRemote("drive/Home/tree/a.bin", 10, 1);
        _t.PutRemote("drive/Home/tree/b.bin", 20, 2);
        _t.PutRemote("drive/Home/tree/c.bin", 30, 3);
        Directory.CreateDirectory(Path.Combine(_t.Local, "tree", "c.bin"));        // a folder where a file goes
        File.WriteAllText(Path.Combine(_t.Local, "tree", "a.bin"), "mine");         // a file where a file goes
        var source = new[] { RemotePath.Parse("drive/Home/tree") };

        // Refused before anything is downloaded, each on its own; the free name is planned; the local folder is used.
        var plan = await Engine().PlanAsync(source, null, _t.Local, default);
        Assert.Equal(new[] { "b.bin" }, plan.Jobs.Select(j => Path.GetFileName(j.LocalPath)));
        var file = Assert.IsType<OlaresLocalFileExistsException>(plan.Problems.Single(p => p.Target!.ToString()!.EndsWith("a.bin", StringComparison.Ordinal)));
        Assert.False(file.IsDirectory);
        Assert.Contains("-Force", file.RecommendedAction);
        var folder = Assert.IsType<OlaresLocalFileExistsException>(plan.Problems.Single(p => p.Target!.ToString()!.EndsWith("c.bin", StringComparison.Ordinal)));
        Assert.True(folder.IsDirectory);
        Assert.DoesNotContain("-Force", folder.RecommendedAction);
        Assert.Equal(0, _t.Hits("GET /files/api/raw/{**path}"));

        // -Force (Overwrite) and -Resume plan the file; the folder stays refused.
        foreach (var mode in new[] { DownloadMode.Overwrite, DownloadMode.Resume })
        {
            var again = await Engine(mode).PlanAsync(source, null, _t.Local, default);
            Assert.Equal(new[] { "a.bin", "b.bin" }, again.Jobs.Select(j => Path.GetFileName(j.LocalPath)));
            Assert.True(Assert.IsType<OlaresLocalFileExistsException>(Assert.Single(again.Problems)).IsDirectory);
        }
    }

    [Fact]
    public async Task Resume_ContinuesAPartialFile_AndLeavesACompleteOneAlone()
    {
        var stored = _t.PutRemote("drive/Home/r.bin", 100_000, 8);
        var bytes = File.ReadAllBytes(stored);
        var local = Path.Combine(_t.Local, "r.bin");
        File.WriteAllBytes(local + DownloadEngine.PartialSuffix, bytes.AsSpan(0, 30_000).ToArray());
        var (_, results) = await DownloadAsync(Engine(DownloadMode.Resume), "drive/Home/r.bin", null);
        var r = Assert.Single(results);
        Assert.Null(r.Error);
        Assert.Equal(70_000, r.BytesReceived);
        Assert.Equal("bytes=30000-", Assert.Single(_t.State.Files.RangeHeaders));
        Assert.Equal(FilesTestServer.Sha256(stored), FilesTestServer.Sha256(local));

        var (_, again) = await DownloadAsync(Engine(DownloadMode.Resume), "drive/Home/r.bin", null);
        Assert.True(Assert.Single(again).AlreadyComplete);
        Assert.Single(_t.State.Files.RangeHeaders);

        // A partial file already holding every byte: the server answers 416, which completes it.
        File.Delete(local);
        File.WriteAllBytes(local + DownloadEngine.PartialSuffix, bytes);
        var (_, complete) = await DownloadAsync(Engine(DownloadMode.Resume), "drive/Home/r.bin", null);
        Assert.Null(Assert.Single(complete).Error);
        Assert.Equal(FilesTestServer.Sha256(stored), FilesTestServer.Sha256(local));
    }

    [Fact]
    public async Task Cancellation_LeavesAPartialFileThatResumeFinishes()
    {
        var stored = _t.PutRemote("drive/Home/slow.bin", 600_000, 9);
        _t.State.Files.RawThrottleKiBps = 400;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(600));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DownloadAsync(Engine(), "drive/Home/slow.bin", null, cts.Token));
        var partial = Path.Combine(_t.Local, "slow.bin" + DownloadEngine.PartialSuffix);
        var have = new FileInfo(partial).Length;
        Assert.InRange(have, 1, 599_999);
        Assert.False(File.Exists(Path.Combine(_t.Local, "slow.bin")));

        _t.State.Files.RawThrottleKiBps = 0;
        var (_, results) = await DownloadAsync(Engine(DownloadMode.Resume), "drive/Home/slow.bin", null);
        Assert.Null(Assert.Single(results).Error);
        Assert.Equal($"bytes={have}-", _t.State.Files.RangeHeaders[^1]);
        Assert.Equal(FilesTestServer.Sha256(stored), FilesTestServer.Sha256(Path.Combine(_t.Local, "slow.bin")));
    }

    [Fact]
    public async Task AFolder_IsNotDownloadedOverALocalFile()
    {
        _t.PutRemote("drive/Home/fold/x.bin", 10);
        var target = Path.Combine(_t.Local, "taken");
        File.WriteAllText(target, "a file");
        var plan = await Engine().PlanAsync(new[] { RemotePath.Parse("drive/Home/fold") }, target, _t.Local, default);
        Assert.Equal("OlaresInvalidDestination", Assert.Single(plan.Problems).ErrorId);
        Assert.Empty(plan.Jobs);
        Assert.Equal("a file", File.ReadAllText(target));
    }

    [Fact]
    public async Task SeveralSources_NeedAFolderDestination()
    {
        _t.PutRemote("drive/Home/p.bin", 1);
        _t.PutRemote("drive/Home/q.bin", 1);
        var e = await Assert.ThrowsAsync<OlaresArgumentException>(() => Engine().PlanAsync(
            new[] { RemotePath.Parse("drive/Home/p.bin"), RemotePath.Parse("drive/Home/q.bin") }, Path.Combine(_t.Local, "one.bin"), _t.Local, default));
        Assert.Equal("OlaresInvalidDestination", e.ErrorId);
    }
}
