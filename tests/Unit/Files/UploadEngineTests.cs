using Olares.Errors;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

/// <summary>Chunked uploads against the emulator: sizes, folder trees, resume, retries, refreshes, cloud tasks.</summary>
public sealed class UploadEngineTests : IAsyncLifetime
{
    private const long Chunk = 64 * 1024;
    private FilesTestServer _t = null!;

    public async Task InitializeAsync() => _t = await FilesTestServer.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private UploadEngine Engine(long chunk = Chunk, string? node = null, bool force = false) =>
        new(_t.Files, new UploadOptions { ChunkSize = chunk, RetryDelay = TimeSpan.FromMilliseconds(20), Node = node, Force = force });

    private static async Task<(UploadPlan Plan, IReadOnlyList<UploadResult> Results)> UploadAsync(UploadEngine engine, string[] locals, string destination, CancellationToken ct = default)
    {
        var plan = await engine.PlanAsync(locals, RemotePath.Parse(destination), ct);
        var results = await engine.RunAsync(plan, new TransferProgress("test", 2), null, ct);
        return (plan, results);
    }

    private const string ChunkHits = "POST /files/seafhttp/upload-aj/{token}";

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(64 * 1024, 1)]
    [InlineData((3 * 64 * 1024) + 123, 4)]
    public async Task File_RoundTripsByteForByte(int size, int chunks)
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/up"));
        var local = _t.WriteRandom($"s{size}.bin", size, seed: size + 1);
        var (plan, results) = await UploadAsync(Engine(), new[] { local }, "drive/Home/up/");
        Assert.Empty(plan.Problems);
        Assert.Null(Assert.Single(results).Error);
        Assert.Equal(FilesTestServer.Sha256(local), FilesTestServer.Sha256(_t.Stored($"drive/Home/up/s{size}.bin")));
        Assert.Equal(chunks, _t.Hits(ChunkHits));
        Assert.Equal(0, _t.State.Files.ChunkMismatches);
    }

    [Fact]
    public async Task SingleFile_CanBeGivenANewName()
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/up"));
        var local = _t.WriteRandom("x.txt", 10);
        await UploadAsync(Engine(), new[] { local }, "drive/Home/up/renamed + ü.txt");
        Assert.Equal(FilesTestServer.Sha256(local), FilesTestServer.Sha256(_t.Stored("drive/Home/up/renamed + ü.txt")));
    }

    [Fact]
    public async Task FolderTree_WithUnicodeSpacesAndEmptyParts_RoundTrips()
    {
        var files = new[] { "tree/a.bin", "tree/sub dir/ß ü.txt", "tree/sub dir/deep/+plus (1).dat", "tree/only-empty/zero.txt" };
        var sizes = new[] { 200_000, 70_000, 5, 0 };
        for (var i = 0; i < files.Length; i++) _t.WriteRandom(files[i], sizes[i], i + 10);
        Directory.CreateDirectory(Path.Combine(_t.Local, "tree/empty dir/nested"));
        Directory.CreateDirectory(_t.Stored("drive/Home/dst"));

        var (plan, results) = await UploadAsync(Engine(), new[] { Path.Combine(_t.Local, "tree") }, "drive/Home/dst");
        Assert.Empty(plan.Problems);
        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.Null(r.Error));
        foreach (var f in files) Assert.Equal(FilesTestServer.Sha256(Path.Combine(_t.Local, f)), FilesTestServer.Sha256(_t.Stored("drive/Home/dst/" + f)));
        Assert.True(Directory.Exists(_t.Stored("drive/Home/dst/tree/empty dir/nested")));
        Assert.Empty(Directory.GetDirectories(_t.Stored("drive/Home/dst"), "* (1)", SearchOption.AllDirectories));

        // And back down: the same bytes.
        var down = new DownloadEngine(_t.Files);
        var dplan = await down.PlanAsync(new[] { RemotePath.Parse("drive/Home/dst/tree") }, Path.Combine(_t.Local, "back") + "/", _t.Local, default);
        await down.RunAsync(dplan, new TransferProgress("t", 1), null, default);
        foreach (var f in files) Assert.Equal(FilesTestServer.Sha256(Path.Combine(_t.Local, f)), FilesTestServer.Sha256(Path.Combine(_t.Local, "back", f)));
        Assert.True(Directory.Exists(Path.Combine(_t.Local, "back/tree/empty dir/nested")));
    }

    [Fact]
    public async Task Destination_MustExist_AndUploadsNeverMkdirBlindly()
    {
        var local = _t.WriteRandom("a.bin", 10);
        await Assert.ThrowsAsync<OlaresNotFoundException>(() => Engine().PlanAsync(new[] { local }, RemotePath.Parse("drive/Home/nope/"), default));
        await Assert.ThrowsAsync<OlaresNotFoundException>(() => Engine().PlanAsync(new[] { local }, RemotePath.Parse("drive/Home/nope/x.bin"), default));
        var e = await Assert.ThrowsAsync<OlaresArgumentException>(() => Engine().PlanAsync(new[] { local }, RemotePath.Parse("external/node-1/"), default));
        Assert.Equal("OlaresReadOnlyLocation", e.ErrorId);
        var plan = await Engine().PlanAsync(new[] { Path.Combine(_t.Local, "missing.bin") }, RemotePath.Parse("drive/Home/"), default);
        Assert.Equal("OlaresLocalPathNotFound", Assert.Single(plan.Problems).ErrorId);
    }

    [Fact]
    public async Task TransientChunkFailure_IsRetried_PermanentOneFailsAndTheRerunResumes()
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/up"));
        var local = _t.WriteRandom("r.bin", (int)(5 * Chunk) + 7, 3);
        _t.State.Files.FailChunk(3, 503);
        var (_, ok) = await UploadAsync(Engine(), new[] { local }, "drive/Home/up/");
        Assert.Null(Assert.Single(ok).Error);
        Assert.Equal(7, _t.State.Files.ChunkPosts);
        Assert.Equal(FilesTestServer.Sha256(local), FilesTestServer.Sha256(_t.Stored("drive/Home/up/r.bin")));

        _t.State.Reset();
        _t.State.Files.FailChunk(4, 500);
        var (_, failed) = await UploadAsync(Engine(), new[] { local }, "drive/Home/up/again.bin");
        var e = Assert.IsType<OlaresHttpException>(Assert.Single(failed).Error);
        Assert.Equal(500, e.StatusCode);
        Assert.Equal(4, _t.State.Files.ChunkPosts);
        Assert.False(File.Exists(_t.Stored("drive/Home/up/again.bin")));

        // The server kept chunks 1-3: the next run asks, and sends only 4-6.
        var (_, resumed) = await UploadAsync(Engine(), new[] { local }, "drive/Home/up/again.bin");
        var r = Assert.Single(resumed);
        Assert.Null(r.Error);
        Assert.Equal(3 * Chunk, r.ResumedFrom);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, _t.State.Files.ChunkReceipts["drive/Home/up/again.bin"]);
        Assert.Equal(FilesTestServer.Sha256(local), FilesTestServer.Sha256(_t.Stored("drive/Home/up/again.bin")));
    }

    [Fact]
    public async Task Cancelled_ThenRerun_ResumesFromTheServersCount()
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/up"));
        var local = _t.WriteRandom("c.bin", (int)(8 * Chunk), 4);
        _t.State.Files.ChunkDelayMs = 100;
        using var cts = new CancellationTokenSource();
        var progress = new TransferProgress("t", 2);
        var engine = Engine();
        var plan = await engine.PlanAsync(new[] { local }, RemotePath.Parse("drive/Home/up/"), default);
        var run = engine.RunAsync(plan, progress, null, cts.Token);
        while (_t.State.Files.ChunkReceipts.GetValueOrDefault("drive/Home/up/c.bin")?.Count is not >= 3) await Task.Delay(20);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.False(File.Exists(_t.Stored("drive/Home/up/c.bin")));

        _t.State.Files.ChunkDelayMs = 0;
        var (_, results) = await UploadAsync(Engine(), new[] { local }, "drive/Home/up/");
        var r = Assert.Single(results);
        Assert.Null(r.Error);
        Assert.True(r.ResumedFrom >= 3 * Chunk);
        Assert.Equal(FilesTestServer.Sha256(local), FilesTestServer.Sha256(_t.Stored("drive/Home/up/c.bin")));
    }

    [Fact]
    public async Task CloudDrive_WaitsForTheSecondStageTask()
    {
        Directory.CreateDirectory(_t.Stored("awss3/acct1/bucket"));
        var local = _t.WriteRandom("cloud.bin", 100_000, 5);
        _t.State.Files.TaskDelayMs = 300;
        var (_, results) = await UploadAsync(Engine(), new[] { local }, "awss3/acct1/bucket/");
        var r = Assert.Single(results);
        Assert.Null(r.Error);
        Assert.NotNull(r.TaskId);
        Assert.True(_t.Hits("GET /files/api/task/{node}") >= 1);
        Assert.Equal(FilesTestServer.Sha256(local), FilesTestServer.Sha256(_t.Stored("awss3/acct1/bucket/cloud.bin")));

        _t.State.Files.FailNextTask("bucket is read-only");
        var (_, failed) = await UploadAsync(Engine(), new[] { local }, "awss3/acct1/bucket/second.bin");
        var e = Assert.IsType<OlaresTaskFailedException>(Assert.Single(failed).Error);
        Assert.Contains("bucket is read-only", e.Message);
    }

    [Fact]
    public async Task UnknownNode_IsTyped()
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/up"));
        var local = _t.WriteRandom("n.bin", 10);
        var (_, results) = await UploadAsync(Engine(node: "node-9"), new[] { local }, "drive/Home/up/");
        Assert.IsType<OlaresNotFoundException>(Assert.Single(results).Error);
    }

    [Fact]
    public async Task AFolderUpload_MakesItsFoldersFirst_SoNoFileRacesIntoAMissingFolder()
    {
        // A fresh server: the first requests of the run are the parallel ones (drive/Home is an extend root, never listed).
        for (var i = 0; i < 40; i++) _t.WriteRandom($"many/f{i:00}.bin", 2000, i);
        _t.WriteRandom("many/sub/deeper/z.bin", 10, 99);
        _t.WriteRandom("many/sub/empty.txt", 0);
        var engine = new UploadEngine(_t.Files, new UploadOptions { ChunkSize = Chunk, Parallel = 4, RetryDelay = TimeSpan.FromMilliseconds(20) });
        var (plan, results) = await UploadAsync(engine, new[] { Path.Combine(_t.Local, "many") }, "drive/Home/");
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(42, results.Count);
        Assert.Equal(new[] { "drive/Home/many", "drive/Home/many/sub", "drive/Home/many/sub/deeper" }, plan.Folders.Select(f => f.ToString()));
        Assert.Equal(42, Directory.GetFiles(_t.Stored("drive/Home/many"), "*", SearchOption.AllDirectories).Length);

        // Every folder was made once, before the first file went up: the plan listed the destination once (and not
        // the missing folders), the run listed it again right before creating anything there.
        var requests = _t.State.Requests;
        var creates = requests.Where(r => r.Method == "POST" && r.Path.StartsWith("/files/api/resources/", StringComparison.Ordinal) && r.Path.EndsWith('/')).ToList();
        Assert.Equal(3, creates.Count);
        var firstLink = requests.First(r => r.Path.StartsWith("/files/upload/upload-link/", StringComparison.Ordinal));
        Assert.All(creates, c => Assert.True(c.Time <= firstLink.Time));
        Assert.Equal(2, Listings());

        // Run again: the folders exist, so they are listed, not created (no "many (1)"), one listing per folder; every
        // file is there, so every file is refused and nothing is sent.
        _t.State.Reset();
        var (plan2, again) = await UploadAsync(engine, new[] { Path.Combine(_t.Local, "many") }, "drive/Home/");
        Assert.Empty(plan2.Folders);
        Assert.Equal(42, again.Count);
        Assert.All(again, r => Assert.IsType<OlaresRemoteItemExistsException>(r.Error));
        Assert.Equal(4, Listings());   // drive/Home, many, many/sub, many/sub/deeper
        Assert.Equal(0, _t.State.Requests.Count(r => r.Method == "POST"));
        Assert.Empty(Directory.GetDirectories(_t.Stored("drive/Home"), "many (*"));

        // With -Force: the same listings, then each file deleted just before its upload; nothing kept twice.
        _t.State.Reset();
        var force = new UploadEngine(_t.Files, new UploadOptions { ChunkSize = Chunk, Parallel = 4, RetryDelay = TimeSpan.FromMilliseconds(20), Force = true });
        var (_, replaced) = await UploadAsync(force, new[] { Path.Combine(_t.Local, "many") }, "drive/Home/");
        Assert.All(replaced, r => Assert.Null(r.Error));
        Assert.Equal(4, Listings());
        Assert.Equal(42, _t.Hits("DELETE /files/api/resources/{**path}"));
        Assert.Equal(42, Directory.GetFiles(_t.Stored("drive/Home/many"), "*", SearchOption.AllDirectories).Length);
    }

    private int Listings() => _t.State.Requests.Count(r => r.Method == "GET" && r.Path.StartsWith("/files/api/resources/", StringComparison.Ordinal));

    [Fact]
    public async Task AnExistingFile_IsRefusedPerItem_AndReplacedWithForce_NeverKeptTwice()
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/ex"));
        var old = _t.PutRemote("drive/Home/ex/a.bin", 7, 9);
        var oldHash = FilesTestServer.Sha256(old);
        var a = _t.WriteRandom("ex/a.bin", (int)Chunk + 5, 1);
        var b = _t.WriteRandom("ex/b.bin", 100, 2);

        // Without -Force: a.bin is refused before anything is sent (naming -Force), b.bin goes up.
        var (plan, results) = await UploadAsync(Engine(), new[] { a, b }, "drive/Home/ex/");
        var refused = Assert.IsType<OlaresRemoteItemExistsException>(Assert.Single(plan.Problems));
        Assert.Equal("drive/Home/ex/a.bin", refused.Target);
        Assert.False(refused.IsDirectory);
        Assert.Contains("-Force", refused.RecommendedAction);
        Assert.Equal(new[] { "drive/Home/ex/b.bin" }, plan.Jobs.Select(j => j.Target.ToString()));
        Assert.Equal(2, results.Count);
        Assert.Equal(oldHash, FilesTestServer.Sha256(old));
        Assert.Equal(FilesTestServer.Sha256(b), FilesTestServer.Sha256(_t.Stored("drive/Home/ex/b.bin")));

        // With -Force: the job says what it replaces; the old file is deleted, the new one takes its name.
        _t.State.Reset();
        var (forced, replaced) = await UploadAsync(Engine(force: true), new[] { a }, "drive/Home/ex/");
        Assert.Empty(forced.Problems);
        Assert.Equal("drive/Home/ex/a.bin", Assert.Single(forced.Jobs).Replaces!.Path.ToString());
        Assert.Null(Assert.Single(replaced).Error);
        Assert.Equal(FilesTestServer.Sha256(a), FilesTestServer.Sha256(old));
        Assert.Equal(1, _t.Hits("DELETE /files/api/resources/{**path}"));
        Assert.Equal(new[] { "a.bin", "b.bin" }, Directory.GetFiles(_t.Stored("drive/Home/ex")).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));

        // A single file given a new name that is taken follows the same rule.
        var (renamed, _) = await UploadAsync(Engine(), new[] { b }, "drive/Home/ex/a.bin");
        Assert.IsType<OlaresRemoteItemExistsException>(Assert.Single(renamed.Problems));
        Assert.Empty(renamed.Jobs);
    }

    [Fact]
    public async Task TheEmulator_KeepsBoth_AsTheServerDoes_SoForceMustDeleteFirst()
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/kb"));
        var local = _t.WriteRandom("kb.txt", 50, 3);
        var engine = Engine();
        var plan = await engine.PlanAsync(new[] { local }, RemotePath.Parse("drive/Home/kb/"), default);
        _t.PutRemote("drive/Home/kb/kb.txt", 4, 4);   // appears between plan and upload
        var results = await engine.RunAsync(plan, new TransferProgress("t", 2), null, default);
        Assert.Null(Assert.Single(results).Error);
        Assert.Equal(4, new FileInfo(_t.Stored("drive/Home/kb/kb.txt")).Length);
        Assert.Equal(FilesTestServer.Sha256(local), FilesTestServer.Sha256(_t.Stored("drive/Home/kb/kb(1).txt")));
    }

    [Fact]
    public async Task FolderTargets_AreNeverReplaced_AndAFolderUploadMergesFileByFile()
    {
        _t.PutRemote("drive/Home/mg/tree/same.bin", 3, 1);          // a file where a file goes
        _t.PutRemote("drive/Home/mg/tree/dir.bin/x", 1);            // a folder where a file goes
        _t.PutRemote("drive/Home/mg/tree/sub", 1);                  // a file where a folder goes
        _t.PutRemote("drive/Home/mg/lone.bin/y", 1);                // a folder where a single file goes
        _t.WriteRandom("mg/tree/same.bin", 10, 2);
        _t.WriteRandom("mg/tree/dir.bin", 10, 3);
        _t.WriteRandom("mg/tree/new.bin", 10, 4);
        _t.WriteRandom("mg/tree/sub/inner.bin", 10, 5);
        var lone = _t.WriteRandom("mg/lone.bin", 10, 6);

        var (plan, results) = await UploadAsync(Engine(force: true), new[] { Path.Combine(_t.Local, "mg/tree"), lone }, "drive/Home/mg/");
        Assert.Empty(plan.Folders);                                   // tree exists: files go into it
        Assert.Equal(new[] { "drive/Home/mg/tree/new.bin", "drive/Home/mg/tree/same.bin" }, plan.Jobs.Select(j => j.Target.ToString()).OrderBy(t => t, StringComparer.Ordinal));
        Assert.NotNull(plan.Jobs.Single(j => j.Target.Name == "same.bin").Replaces);
        var folderInTheWay = plan.Problems.OfType<OlaresRemoteItemExistsException>().ToList();
        Assert.Equal(new[] { "drive/Home/mg/lone.bin", "drive/Home/mg/tree/dir.bin" }, folderInTheWay.Select(e => (string)e.Target!).OrderBy(t => t, StringComparer.Ordinal));
        Assert.All(folderInTheWay, e => Assert.True(e.IsDirectory));
        Assert.Equal("drive/Home/mg/tree/sub", Assert.IsType<OlaresItemTypeException>(Assert.Single(plan.Problems, e => e is OlaresItemTypeException)).Target);
        Assert.All(results.Where(r => r.Job != null), r => Assert.Null(r.Error));
        Assert.True(Directory.Exists(_t.Stored("drive/Home/mg/tree/dir.bin")));
        Assert.True(File.Exists(_t.Stored("drive/Home/mg/tree/sub")));
    }

    [Fact]
    public async Task AnInterruptedUpload_IsNotListed_SoItContinuesWithoutForce_AlsoAfterAForcedReplacement()
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/ir"));
        var local = _t.WriteRandom("ir.bin", (int)(6 * Chunk), 7);
        _t.PutRemote("drive/Home/ir/ir.bin", 10, 8);

        // -Force deletes the old file, then chunk 4 fails for good: the server keeps 3 chunks apart from the listing.
        _t.State.Files.FailChunk(4, 500);
        var (_, failed) = await UploadAsync(Engine(force: true), new[] { local }, "drive/Home/ir/");
        Assert.IsType<OlaresHttpException>(Assert.Single(failed).Error);
        Assert.False(File.Exists(_t.Stored("drive/Home/ir/ir.bin")));
        var listing = await _t.Files.ListAsync(RemotePath.Parse("drive/Home/ir"), default);
        Assert.Empty(listing.Items);

        // The next run needs no -Force: the name is free, and the upload continues from the server's count.
        var (plan, resumed) = await UploadAsync(Engine(), new[] { local }, "drive/Home/ir/");
        Assert.Empty(plan.Problems);
        Assert.Null(Assert.Single(plan.Jobs).Replaces);
        Assert.Equal(3 * Chunk, Assert.Single(resumed).ResumedFrom);
        Assert.Equal(FilesTestServer.Sha256(local), FilesTestServer.Sha256(_t.Stored("drive/Home/ir/ir.bin")));
    }

    [Fact]
    public async Task APartialApproval_KeepsTheApprovedFiles_TheirFolders_AndTheApprovedEmptyFolders()
    {
        _t.WriteRandom("pa/keep/k.bin", 10, 1);
        _t.WriteRandom("pa/skip/s.bin", 10, 2);
        Directory.CreateDirectory(Path.Combine(_t.Local, "pa/empty"));
        Directory.CreateDirectory(Path.Combine(_t.Local, "pa/declined"));
        var engine = Engine();
        var plan = await engine.PlanAsync(new[] { Path.Combine(_t.Local, "pa") }, RemotePath.Parse("drive/Home/"), default);
        Assert.Equal(new[] { "drive/Home/pa/declined", "drive/Home/pa/empty" }, plan.EmptyFolders.Select(f => f.ToString()).OrderBy(f => f, StringComparer.Ordinal));
        var approved = plan.Only(plan.Jobs.Where(j => j.Target.Name == "k.bin"), new[] { RemotePath.Parse("drive/Home/pa/empty") });
        Assert.Equal(new[] { "drive/Home/pa", "drive/Home/pa/empty", "drive/Home/pa/keep" }, approved.Folders.Select(f => f.ToString()).OrderBy(f => f, StringComparer.Ordinal));
        await engine.RunAsync(approved, new TransferProgress("t", 2), null, default);
        Assert.True(File.Exists(_t.Stored("drive/Home/pa/keep/k.bin")));
        Assert.True(Directory.Exists(_t.Stored("drive/Home/pa/empty")));
        Assert.False(Directory.Exists(_t.Stored("drive/Home/pa/skip")));
        Assert.False(Directory.Exists(_t.Stored("drive/Home/pa/declined")));
    }

    [Fact]
    public async Task AFolderThatCannotBeMade_IsOneError_AndItsFilesAreNotSent()
    {
        _t.PutRemote("drive/Home/up2/blocked", 1);   // a file where the upload needs a folder
        _t.WriteRandom("blocked/a.bin", 100, 1);
        _t.WriteRandom("blocked/b.bin", 100, 2);
        var (_, results) = await UploadAsync(Engine(), new[] { Path.Combine(_t.Local, "blocked") }, "drive/Home/up2/");
        var e = Assert.IsType<OlaresItemTypeException>(Assert.Single(results).Error);
        Assert.Equal("OlaresNotADirectory", e.ErrorId);
        Assert.Equal(0, _t.Hits(ChunkHits));
    }

    [Fact]
    public async Task AStalledChunk_IsEndedByTheWatchdog_AndSentAgain()
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/up"));
        var local = _t.WriteRandom("st.bin", (int)(3 * Chunk) + 5, 13);
        _t.State.Files.StallChunks(1);
        var options = new UploadOptions { ChunkSize = Chunk, RetryDelay = TimeSpan.FromMilliseconds(20), StallTimeout = TimeSpan.FromMilliseconds(600) };
        var (_, results) = await UploadAsync(new UploadEngine(_t.Files, options), new[] { local }, "drive/Home/up/");
        Assert.Null(Assert.Single(results).Error);
        Assert.Equal(FilesTestServer.Sha256(local), FilesTestServer.Sha256(_t.Stored("drive/Home/up/st.bin")));
        Assert.Equal(5, _t.State.Files.ChunkPosts);

        _t.State.Files.StallChunks(1);
        options.MaxRetries = 0;
        var (_, failed) = await UploadAsync(new UploadEngine(_t.Files, options), new[] { local }, "drive/Home/up/again.bin");
        var e = Assert.IsType<OlaresTransferStalledException>(Assert.Single(failed).Error);
        Assert.Equal(OlaresErrorKind.Timeout, e.Kind);
        Assert.Contains("chunk 1/4", e.Message);
    }

    [Fact]
    public async Task TheEmulator_IsAsStrictAsTheServer_AboutUploadFolders()
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/gone"));
        var local = _t.WriteRandom("g.bin", 10);
        var engine = Engine();
        var plan = await engine.PlanAsync(new[] { local }, RemotePath.Parse("drive/Home/gone/"), default);
        Directory.Delete(_t.Stored("drive/Home/gone"));   // the destination disappears between plan and upload
        var results = await engine.RunAsync(plan, new TransferProgress("t", 2), null, default);
        var e = Assert.IsType<OlaresNotFoundException>(Assert.Single(results).Error);
        Assert.Equal("drive/Home/gone", e.Target);
        Assert.False(Directory.Exists(_t.Stored("drive/Home/gone")));
    }
}
