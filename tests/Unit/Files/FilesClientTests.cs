using Olares.Errors;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

/// <summary>The JSON calls of the files service against the emulator over real HTTP.</summary>
public sealed class FilesClientTests : IAsyncLifetime
{
    private FilesTestServer _t = null!;

    public async Task InitializeAsync() => _t = await FilesTestServer.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private static RemotePath P(string s) => RemotePath.Parse(s);

    [Fact]
    public async Task List_ReturnsItemsWithFullPaths_AndStatUsesTheParentListing()
    {
        _t.PutRemote("drive/Home/docs/a b.txt", 10);
        var listing = await _t.Files.ListAsync(P("drive/Home/docs"), default);
        var item = Assert.Single(listing.Items);
        Assert.Equal("drive/Home/docs/a b.txt", item.Path.ToString());
        Assert.Equal(10, item.Size);
        Assert.NotNull(item.Modified);

        _t.State.Reset();
        var stat = await _t.Files.StatAsync(P("drive/Home/docs/a b.txt"), default);
        Assert.False(stat.IsDirectory);
        // Stat never asks for the file's own resource URL (the backend answers 500 there): only the parent is listed.
        var request = Assert.Single(_t.State.Requests);
        Assert.Equal("/files/api/resources/drive/Home/docs/", request.Path);
    }

    [Fact]
    public async Task Stat_OfAMissingItem_IsNotFound()
    {
        var e = await Assert.ThrowsAsync<OlaresNotFoundException>(() => _t.Files.StatAsync(P("drive/Home/nope/x"), default));
        Assert.Equal("drive/Home/nope/x", e.Target);
        await Assert.ThrowsAsync<OlaresNotFoundException>(() => _t.Files.StatAsync(P("drive/Home/missing.txt"), default));
        Assert.Null(await _t.Files.TryStatAsync(P("drive/Home/nope/x"), default));
    }

    [Fact]
    public async Task ServerErrors_AreTyped()
    {
        _t.State.InjectFailure("resources", 500, body: "{\"error\":\"disk on fire\"}");
        var e = await Assert.ThrowsAsync<OlaresHttpException>(() => _t.Files.ListAsync(P("drive/Home"), default));
        Assert.Equal("OlaresServerError", e.ErrorId);
        Assert.Equal(500, e.StatusCode);
        Assert.Contains("disk on fire", e.Message);

        _t.State.InjectFailure("resources", 200, kind: "html");
        var p = await Assert.ThrowsAsync<OlaresProtocolException>(() => _t.Files.ListAsync(P("drive/Home"), default));
        Assert.Equal("OlaresUnexpectedResponse", p.ErrorId);
    }

    [Fact]
    public async Task Remove_SendsOneRequestPerParentWithSortedDirents()
    {
        _t.PutRemote("drive/Home/t/b.txt", 1);
        _t.PutRemote("drive/Home/t/a.txt", 1);
        _t.PutRemote("drive/Home/t/dir/x", 1);
        var listing = await _t.Files.ListAsync(P("drive/Home/t"), default);
        await _t.Files.RemoveAsync(P("drive/Home/t"), listing.Items, default);
        Assert.Equal(1, _t.Hits("DELETE /files/api/resources/{**path}"));
        Assert.Empty(Directory.GetFileSystemEntries(_t.Stored("drive/Home/t")));

        _t.PutRemote("drive/Home/t/keep", 1);
        var ghost = new RemoteItem(P("drive/Home/t/ghost"), false, 0, null, 0, false, null);
        await Assert.ThrowsAsync<OlaresNotFoundException>(() => _t.Files.RemoveAsync(P("drive/Home/t"), new[] { ghost }, default));
        Assert.True(File.Exists(_t.Stored("drive/Home/t/keep")));
    }

    [Fact]
    public async Task Rename_InPlace_AndConflictIsTyped()
    {
        _t.PutRemote("drive/Home/r/old name.txt", 3);
        _t.PutRemote("drive/Home/r/taken", 3);
        var item = await _t.Files.StatAsync(P("drive/Home/r/old name.txt"), default);
        await _t.Files.RenameAsync(item, "new (1)!.txt", default);
        Assert.True(File.Exists(_t.Stored("drive/Home/r/new (1)!.txt")));
        var moved = await _t.Files.StatAsync(P("drive/Home/r/new (1)!.txt"), default);
        await Assert.ThrowsAsync<OlaresRemoteItemExistsException>(() => _t.Files.RenameAsync(moved, "taken", default));
    }

    [Fact]
    public async Task Paste_RunsAsATaskThatIsWaitedFor()
    {
        _t.PutRemote("drive/Home/src/tree/f.bin", 100, seed: 7);
        Directory.CreateDirectory(_t.Stored("drive/Home/dst"));
        var node = await _t.Files.ResolveNodeAsync(null, new[] { P("drive/Home/dst") }, default);
        Assert.Equal("node-1", node);
        var source = await _t.Files.StatAsync(P("drive/Home/src/tree"), default);
        var task = await _t.Files.PasteAsync(node, false, source, P("drive/Home/dst/tree"), default);
        Assert.Equal("pending", task.Status);
        var done = await _t.Files.WaitTaskAsync(node, task.Id, "copy", null, default);
        Assert.True(done.IsCompleted);
        Assert.Equal(FilesTestServer.Sha256(_t.Stored("drive/Home/src/tree/f.bin")), FilesTestServer.Sha256(_t.Stored("drive/Home/dst/tree/f.bin")));

        _t.State.Files.FailNextTask("quota exceeded");
        var again = await _t.Files.PasteAsync(node, true, source, P("drive/Home/dst/tree2"), default);
        var e = await Assert.ThrowsAsync<OlaresTaskFailedException>(() => _t.Files.WaitTaskAsync(node, again.Id, "move", null, default));
        Assert.Contains("quota exceeded", e.Message);
        Assert.True(Directory.Exists(_t.Stored("drive/Home/src/tree")));
    }

    [Fact]
    public async Task Paste_ARejectedPathIsABusinessError()
    {
        var source = new RemoteItem(P("drive/Home/a\\b"), false, 0, null, 0, false, null);
        var e = await Assert.ThrowsAsync<OlaresHttpException>(() => _t.Files.PasteAsync("node-1", false, source, P("drive/Home/c"), default));
        Assert.Contains("code -1", e.Message);
    }
}
