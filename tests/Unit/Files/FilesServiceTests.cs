using Olares.Errors;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

/// <summary>The files operations (mkdir, copy/move, removal, rename, listing, content) against the emulator, without PowerShell.</summary>
public sealed class FilesServiceTests : IAsyncLifetime
{
    private const string Creates = "POST /files/api/resources/{**path}";
    private const string Deletes = "DELETE /files/api/resources/{**path}";
    private const string Pastes = "PATCH /files/api/paste/{node}";
    private FilesTestServer _t = null!;

    public async Task InitializeAsync() => _t = await FilesTestServer.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private static RemotePath P(string s) => RemotePath.Parse(s);

    private FilesService Files => _t.Service;

    // ---- mkdir ---------------------------------------------------------------------------------

    [Fact]
    public async Task NewFolder_ListsFirst_SoAnExistingNameIsNeverAutoRenamed()
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/proj"));
        var e = await Assert.ThrowsAsync<OlaresRemoteItemExistsException>(() => Files.NewFolderAsync(P("drive/Home/proj"), false, default));
        Assert.Equal("OlaresRemoteItemExists", e.ErrorId);
        var existing = await Files.NewFolderAsync(P("drive/Home/proj"), true, default);
        Assert.True(existing.IsDirectory);
        Assert.Equal(0, _t.Hits(Creates));
        Assert.False(Directory.Exists(_t.Stored("drive/Home/proj (1)")));
    }

    [Fact]
    public async Task NewFolder_WithParents_CreatesEveryMissingLevelOnce()
    {
        var created = await Files.NewFolderAsync(P("drive/Home/a/b c/d"), true, default);
        Assert.Equal("drive/Home/a/b c/d", created.Path.ToString());
        Assert.True(Directory.Exists(_t.Stored("drive/Home/a/b c/d")));
        Assert.Equal(3, _t.Hits(Creates));

        var e = await Assert.ThrowsAsync<OlaresNotFoundException>(() => Files.NewFolderAsync(P("drive/Home/x/y"), false, default));
        Assert.Contains("-Parents", e.Message);

        _t.PutRemote("drive/Home/file", 1);
        await Assert.ThrowsAsync<OlaresItemTypeException>(() => Files.NewFolderAsync(P("drive/Home/file/sub"), true, default));
    }

    // ---- copy / move ---------------------------------------------------------------------------

    [Fact]
    public async Task Paste_IntoAFolder_ChecksEverySource_AndRunsTheTasks()
    {
        _t.PutRemote("drive/Home/src/a.txt", 10, 1);
        _t.PutRemote("drive/Home/src/dir/in.bin", 20, 2);
        _t.PutRemote("drive/Home/dst/taken.txt", 1);
        _t.PutRemote("drive/Home/src/taken.txt", 5);
        var request = new PasteRequest(new[] { P("drive/Home/src/a.txt"), P("drive/Home/src/dir"), P("drive/Home/src/taken.txt"), P("drive/Home/src/nope") }, P("drive/Home/dst"), move: false);
        var plan = await Files.PlanPasteAsync(request, default);
        Assert.Equal("node-1", plan.Node);
        Assert.Equal("drive/Home/dst/a.txt", plan.Entries[0].Target!.ToString());
        Assert.Equal("OlaresIsDirectory", plan.Entries[1].Error!.ErrorId);          // a folder needs -Recurse to be copied
        Assert.Equal("OlaresRemoteItemExists", plan.Entries[2].Error!.ErrorId);     // the server would keep both as "taken (1).txt"
        Assert.IsType<OlaresNotFoundException>(plan.Entries[3].Error);
        Assert.Equal(0, _t.Hits(Pastes));

        var task = await Files.StartPasteAsync(plan, plan.Entries[0], default);
        var done = await Files.WaitPasteAsync(plan, plan.Entries[0], task, default);
        Assert.True(done.IsCompleted);
        Assert.Equal(FilesTestServer.Sha256(_t.Stored("drive/Home/src/a.txt")), FilesTestServer.Sha256(_t.Stored("drive/Home/dst/a.txt")));
        var pasted = await Files.PastedItemAsync(plan.Entries[0], default);
        Assert.Equal(10, pasted.Size);
        await Assert.ThrowsAsync<ArgumentException>(() => Files.StartPasteAsync(plan, plan.Entries[2], default));
    }

    [Fact]
    public async Task Paste_TwoSourcesWithOneName_TheSecondIsRefused()
    {
        _t.PutRemote("drive/Home/one/x.txt", 1);
        _t.PutRemote("drive/Home/two/x.txt", 2);
        Directory.CreateDirectory(_t.Stored("drive/Home/dst"));
        var plan = await Files.PlanPasteAsync(new PasteRequest(new[] { P("drive/Home/one/x.txt"), P("drive/Home/two/x.txt") }, P("drive/Home/dst/"), move: true), default);
        Assert.Null(plan.Entries[0].Error);
        Assert.Equal("OlaresRemoteItemExists", plan.Entries[1].Error!.ErrorId);
    }

    [Fact]
    public async Task Paste_DestinationRules()
    {
        _t.PutRemote("drive/Home/src/a.txt", 3);
        _t.PutRemote("drive/Home/src/b.txt", 3);
        _t.PutRemote("drive/Home/file.txt", 3);
        async Task<OlaresException> Refused(PasteRequest r) => await Assert.ThrowsAnyAsync<OlaresException>(() => Files.PlanPasteAsync(r, default));

        // Several sources need an existing folder (a file is not one); a missing folder with '/' is not found.
        Assert.Equal("OlaresInvalidDestination", (await Refused(new PasteRequest(new[] { P("drive/Home/src/a.txt"), P("drive/Home/src/b.txt") }, P("drive/Home/new"), false))).ErrorId);
        Assert.Equal("OlaresInvalidDestination", (await Refused(new PasteRequest(new[] { P("drive/Home/src/a.txt"), P("drive/Home/src/b.txt") }, P("drive/Home/file.txt"), false))).ErrorId);
        Assert.IsType<OlaresNotFoundException>(await Refused(new PasteRequest(new[] { P("drive/Home/src/a.txt") }, P("drive/Home/missing/"), false)));
        Assert.Equal("OlaresNotADirectory", (await Refused(new PasteRequest(new[] { P("drive/Home/src/a.txt") }, P("drive/Home/file.txt/"), false))).ErrorId);
        Assert.Equal("OlaresReadOnlyLocation", (await Refused(new PasteRequest(new[] { P("drive/Home/src/a.txt") }, P("external/node-1/"), false))).ErrorId);

        // A single source onto an existing file: that file is its target, refused without -Force.
        var onto = await Files.PlanPasteAsync(new PasteRequest(new[] { P("drive/Home/src/a.txt") }, P("drive/Home/file.txt"), false), default);
        Assert.Equal("OlaresRemoteItemExists", onto.Entries[0].Error!.ErrorId);

        // A single source to a free name in an existing folder: that is its new path.
        var plan = await Files.PlanPasteAsync(new PasteRequest(new[] { P("drive/Home/src/a.txt") }, P("drive/Home/renamed.txt"), true), default);
        Assert.Equal("drive/Home/renamed.txt", plan.Entries[0].Target!.ToString());

        // A folder into itself, and a protected folder as a move source.
        var cycle = await Files.PlanPasteAsync(new PasteRequest(new[] { P("drive/Home/src") }, P("drive/Home/src/"), true), default);
        Assert.Equal("OlaresInvalidDestination", cycle.Entries[0].Error!.ErrorId);
        var home = await Files.PlanPasteAsync(new PasteRequest(new[] { P("drive/Home/Documents") }, P("drive/Home/src/"), true), default);
        Assert.Equal("OlaresProtectedPath", home.Entries[0].Error!.ErrorId);
        Assert.Equal(0, _t.Hits(Pastes));
    }

    [Fact]
    public async Task Paste_AnExistingFile_IsRefusedPerItem_AndReplacedWithForce()
    {
        var a = _t.PutRemote("drive/Home/src/a.txt", 10, 1);
        var b = _t.PutRemote("drive/Home/src/b.txt", 20, 2);
        _t.PutRemote("drive/Home/dst/a.txt", 3, 9);
        var sources = new[] { P("drive/Home/src/a.txt"), P("drive/Home/src/b.txt") };

        // Without -Force: the taken name is refused, with -Force named as the way out; the other item goes on.
        var plan = await Files.PlanPasteAsync(new PasteRequest(sources, P("drive/Home/dst/"), move: false), default);
        var refused = Assert.IsType<OlaresRemoteItemExistsException>(plan.Entries[0].Error);
        Assert.False(refused.IsDirectory);
        Assert.Contains("-Force", refused.RecommendedAction);
        Assert.Equal("drive/Home/dst/a.txt", refused.Target);
        Assert.Null(plan.Entries[1].Error);
        Assert.Null(plan.Entries[1].Replaces);

        // With -Force: the file there is deleted (one DELETE), then the copy takes its name; no "a (1).txt".
        plan = await Files.PlanPasteAsync(new PasteRequest(sources, P("drive/Home/dst/"), move: false) { Force = true }, default);
        Assert.Equal("drive/Home/dst/a.txt", plan.Entries[0].Replaces!.Path.ToString());
        Assert.Null(plan.Entries[1].Replaces);
        foreach (var entry in plan.Entries) await Files.WaitPasteAsync(plan, entry, await Files.StartPasteAsync(plan, entry, default), default);
        Assert.Equal(FilesTestServer.Sha256(a), FilesTestServer.Sha256(_t.Stored("drive/Home/dst/a.txt")));
        Assert.Equal(FilesTestServer.Sha256(b), FilesTestServer.Sha256(_t.Stored("drive/Home/dst/b.txt")));
        Assert.Equal(new[] { "a.txt", "b.txt" }, Directory.GetFiles(_t.Stored("drive/Home/dst")).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(1, _t.Hits(Deletes));

        // A single item moved onto an existing file's path replaces it too.
        _t.PutRemote("drive/Home/old.txt", 1);
        var move = await Files.PlanPasteAsync(new PasteRequest(new[] { P("drive/Home/src/b.txt") }, P("drive/Home/old.txt"), move: true) { Force = true }, default);
        var one = move.Entries[0];
        await Files.WaitPasteAsync(move, one, await Files.StartPasteAsync(move, one, default), default);
        Assert.Equal(FilesTestServer.Sha256(_t.Stored("drive/Home/dst/b.txt")), FilesTestServer.Sha256(_t.Stored("drive/Home/old.txt")));
        Assert.False(File.Exists(b));
    }

    [Fact]
    public async Task Paste_AFolderIsNeverReplaced_NorReplacesAFile_NorIsAnythingPastedOntoItself_EvenWithForce()
    {
        _t.PutRemote("drive/Home/src/a.txt", 10);
        _t.PutRemote("drive/Home/src/dir/in.txt", 10);
        _t.PutRemote("drive/Home/dst/a.txt/inside.txt", 1);     // a folder named like the file
        _t.PutRemote("drive/Home/dst/dir", 1);                  // a file named like the folder
        _t.PutRemote("drive/Home/dst2/dir/x", 1);               // a folder named like the folder
        var plan = await Files.PlanPasteAsync(new PasteRequest(new[] { P("drive/Home/src/a.txt"), P("drive/Home/src/dir") }, P("drive/Home/dst/"), move: true) { Force = true }, default);
        var folder = Assert.IsType<OlaresRemoteItemExistsException>(plan.Entries[0].Error);
        Assert.True(folder.IsDirectory);
        Assert.Contains("never replaced or merged", folder.Message);
        Assert.DoesNotContain("-Force", folder.RecommendedAction);
        Assert.Equal("OlaresNotADirectory", plan.Entries[1].Error!.ErrorId);

        var merge = await Files.PlanPasteAsync(new PasteRequest(new[] { P("drive/Home/src/dir") }, P("drive/Home/dst2/"), move: true) { Force = true }, default);
        Assert.True(Assert.IsType<OlaresRemoteItemExistsException>(merge.Entries[0].Error).IsDirectory);

        // Copying or moving a file into its own folder would delete it first: refused, -Force or not.
        foreach (var move in new[] { false, true })
        {
            var self = await Files.PlanPasteAsync(new PasteRequest(new[] { P("drive/Home/src/a.txt") }, P("drive/Home/src/"), move) { Force = true }, default);
            Assert.Equal("OlaresInvalidDestination", self.Entries[0].Error!.ErrorId);
        }

        Assert.Equal(0, _t.Hits(Deletes));
        Assert.Equal(0, _t.Hits(Pastes));
        Assert.True(File.Exists(_t.Stored("drive/Home/src/a.txt")));
    }

    [Fact]
    public async Task Paste_AFailedTask_IsTyped()
    {
        _t.PutRemote("drive/Home/src/m.bin", 100);
        Directory.CreateDirectory(_t.Stored("drive/Home/dst"));
        _t.State.Files.FailNextTask("quota exceeded");
        var plan = await Files.PlanPasteAsync(new PasteRequest(new[] { P("drive/Home/src/m.bin") }, P("drive/Home/dst/"), true), default);
        var task = await Files.StartPasteAsync(plan, plan.Entries[0], default);
        var e = await Assert.ThrowsAsync<OlaresTaskFailedException>(() => Files.WaitPasteAsync(plan, plan.Entries[0], task, default));
        Assert.Contains("quota exceeded", e.Message);
        Assert.True(File.Exists(_t.Stored("drive/Home/src/m.bin")));
    }

    [Fact]
    public async Task TaskPolls_TolerateAFewFailures_ButNotMore()
    {
        _t.PutRemote("drive/Home/src/t.bin", 10);
        Directory.CreateDirectory(_t.Stored("drive/Home/dst"));
        _t.State.Files.TaskDelayMs = 300;
        var plan = await Files.PlanPasteAsync(new PasteRequest(new[] { P("drive/Home/src/t.bin") }, P("drive/Home/dst/"), false), default);
        var task = await Files.StartPasteAsync(plan, plan.Entries[0], default);
        _t.State.InjectFailure("task", 502, count: 3);
        Assert.True((await Files.WaitPasteAsync(plan, plan.Entries[0], task, default)).IsCompleted);

        var again = await Files.StartPasteAsync(plan, new PasteEntry(plan.Entries[0].Source, plan.Entries[0].Item, P("drive/Home/dst/t2.bin"), null, null), default);
        _t.State.InjectFailure("task", 502, count: 4);
        var e = await Assert.ThrowsAsync<OlaresHttpException>(() => Files.WaitPasteAsync(plan, plan.Entries[0], again, default));
        Assert.Equal(502, e.StatusCode);
    }

    // ---- remove --------------------------------------------------------------------------------

    [Fact]
    public async Task Remove_OneRequestPerFolder_ShallowFirst_SkippingWhatADeletedFolderHeld()
    {
        _t.PutRemote("drive/Home/t/a.txt", 1);
        _t.PutRemote("drive/Home/t/b.txt", 1);
        _t.PutRemote("drive/Home/t/dir/x.txt", 1);
        _t.PutRemote("drive/Home/t/dir/y.txt", 1);
        var removal = Files.BeginRemove(new[] { P("drive/Home/t/dir/x.txt"), P("drive/Home/t/a.txt"), P("drive/Home/t/dir"), P("drive/Home/t/b.txt"), P("drive/Home/Documents") }, recurse: true);
        Assert.Equal("OlaresProtectedPath", Assert.Single(removal.Problems).ErrorId);
        Assert.Equal(new[] { "drive/Home/t", "drive/Home/t/dir" }, removal.Groups.Select(g => g.Parent.ToString()));

        var first = await removal.CheckAsync(removal.Groups[0], default);
        Assert.Empty(first.Problems);
        Assert.Equal(3, first.Candidates.Count);
        await removal.RemoveAsync(removal.Groups[0], first.Candidates, default);
        var second = await removal.CheckAsync(removal.Groups[1], default);
        Assert.Empty(second.Candidates);
        Assert.Empty(second.Problems);
        Assert.Equal(1, _t.Hits(Deletes));
        Assert.Empty(Directory.GetFileSystemEntries(_t.Stored("drive/Home/t")));
    }

    [Fact]
    public async Task Remove_MissingItems_AndFoldersWithoutRecurse_AreProblems_AndNothingIsSent()
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/r/folder"));
        var removal = Files.BeginRemove(new[] { P("drive/Home/r/folder"), P("drive/Home/r/ghost"), P("drive/Home/gone/x") }, recurse: false);
        var check = await removal.CheckAsync(removal.Groups.Single(g => g.Parent.ToString() == "drive/Home/r"), default);
        Assert.Empty(check.Candidates);
        Assert.Equal(new[] { "OlaresIsDirectory", "OlaresNotFound" }, check.Problems.Select(p => p.ErrorId));
        var missingParent = await removal.CheckAsync(removal.Groups.Single(g => g.Parent.ToString() == "drive/Home/gone"), default);
        Assert.Equal("drive/Home/gone/x", Assert.IsType<OlaresNotFoundException>(Assert.Single(missingParent.Problems)).Target);
        Assert.Equal(0, _t.Hits(Deletes));
        Assert.True(Directory.Exists(_t.Stored("drive/Home/r/folder")));
    }

    // ---- rename --------------------------------------------------------------------------------

    [Theory]
    [InlineData("", "OlaresInvalidName")]
    [InlineData("a/b", "OlaresInvalidName")]
    [InlineData("a\\b", "OlaresInvalidName")]
    [InlineData("..", "OlaresInvalidName")]
    [InlineData("old.txt", "OlaresInvalidName")]
    [InlineData("taken.txt", "OlaresRemoteItemExists")]
    public async Task Rename_IsChecked_BeforeAnythingIsSent(string newName, string errorId)
    {
        _t.PutRemote("drive/Home/r/old.txt", 3);
        _t.PutRemote("drive/Home/r/taken.txt", 3);
        var e = await Assert.ThrowsAnyAsync<OlaresException>(() => Files.PlanRenameAsync(P("drive/Home/r/old.txt"), newName, default));
        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(0, _t.Hits("PATCH /files/api/resources/{**path}"));
    }

    [Fact]
    public async Task Rename_InPlace_ReturnsTheRenamedItem_AndRefusesProtectedFolders()
    {
        _t.PutRemote("drive/Home/r/old name.txt", 7);
        var plan = await Files.PlanRenameAsync(P("drive/Home/r/old name.txt"), " new (1)!.txt ", default);
        var renamed = await Files.RenameAsync(plan, default);
        Assert.Equal("drive/Home/r/new (1)!.txt", renamed.Path.ToString());
        Assert.Equal(7, renamed.Size);
        Assert.True(File.Exists(_t.Stored("drive/Home/r/new (1)!.txt")));
        var e = await Assert.ThrowsAsync<OlaresProtectedPathException>(() => Files.PlanRenameAsync(P("drive/Home/Pictures"), "Pics", default));
        Assert.Equal(OlaresErrorKind.PermissionDenied, e.Kind);
    }

    // ---- listing and content -------------------------------------------------------------------

    [Fact]
    public async Task List_Recurse_WalksDepthFirst_AndReportsRefusedNamesWithoutStopping()
    {
        _t.PutRemote("drive/Home/l/a.txt", 1);
        _t.PutRemote("drive/Home/l/d1/b.txt", 1);
        _t.PutRemote("drive/Home/l/d1/d2/c.txt", 1);
        _t.PutRemote("drive/Home/l/e/f.txt", 1);
        _t.State.Files.AddHostileNames("drive/Home/l/d1", "../escape");
        var items = new List<string>();
        var problems = new List<OlaresException>();
        await Files.ListAsync(P("drive/Home/l"), true, i => items.Add(i.Path.ToString()), problems.Add, default);
        Assert.Equal(new[]
        {
            "drive/Home/l/a.txt", "drive/Home/l/d1", "drive/Home/l/e",
            "drive/Home/l/d1/b.txt", "drive/Home/l/d1/d2", "drive/Home/l/d1/d2/c.txt", "drive/Home/l/e/f.txt",
        }, items);
        Assert.Equal("OlaresUnsafeRemoteName", Assert.Single(problems).ErrorId);

        items.Clear();
        await Files.ListAsync(P("drive/Home/l/a.txt"), false, i => items.Add(i.Path.ToString()), problems.Add, default);
        Assert.Equal(new[] { "drive/Home/l/a.txt" }, items);
    }

    [Fact]
    public async Task Content_StreamsTheBytes_AndRefusesAFolder()
    {
        var stored = _t.PutRemote("drive/Home/c/data.bin", 300_000, 5);
        using (var content = await Files.OpenReadAsync(P("drive/Home/c/data.bin"), default))
        using (var copy = new MemoryStream())
        {
            await content.CopyToAsync(copy);
            Assert.Equal(File.ReadAllBytes(stored), copy.ToArray());
        }

        var e = await Assert.ThrowsAsync<OlaresItemTypeException>(() => Files.OpenReadAsync(P("drive/Home/c"), default));
        Assert.Equal("OlaresIsDirectory", e.ErrorId);
        _t.State.InjectFailure("raw", 500, body: "{\"error\":\"disk on fire\"}");
        var failed = await Assert.ThrowsAsync<OlaresHttpException>(() => Files.OpenReadAsync(P("drive/Home/c/data.bin"), default));
        Assert.Contains("disk on fire", failed.Message);
    }
}
