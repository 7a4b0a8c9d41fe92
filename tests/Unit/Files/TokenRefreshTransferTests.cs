using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

/// <summary>
/// Access tokens living 2 s of the server's clock while many chunks go up and come down: the transfer completes
/// through refreshes. The server's clock moves with the traffic (or is advanced), so nothing waits the tokens out.
/// </summary>
public sealed class TokenRefreshTransferTests : IAsyncLifetime
{
    private FilesTestServer _t = null!;

    public async Task InitializeAsync() => _t = await FilesTestServer.StartAsync(tokenLifetimeSeconds: 2);

    public async Task DisposeAsync() => await _t.DisposeAsync();

    [Fact]
    public async Task ManyChunkUpload_CompletesThroughRefreshes_ResendingChunksFromDisk()
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/up"));
        var local = _t.WriteRandom("t.bin", 24 * 16 * 1024 + 99, 21);
        // Every request costs half a second of the server's time: the token dies every few chunks.
        _t.State.Clock.AdvancePerRequest = TimeSpan.FromMilliseconds(500);
        var engine = new UploadEngine(_t.Files, new UploadOptions { ChunkSize = 16 * 1024, RetryDelay = TimeSpan.FromMilliseconds(20) });
        var plan = await engine.PlanAsync(new[] { local }, RemotePath.Parse("drive/Home/up/"), default);
        var results = await engine.RunAsync(plan, new TransferProgress("t", 2), null, default);
        Assert.Null(Assert.Single(results).Error);

        Assert.Equal(FilesTestServer.Sha256(local), FilesTestServer.Sha256(_t.Stored("drive/Home/up/t.bin")));
        Assert.True(_t.State.RefreshCalls >= 1, "the token should have been refreshed during the upload");
        var chunkRequests = _t.State.Requests.Where(r => r.Path.Contains("/seafhttp/upload-aj/", StringComparison.Ordinal)).ToList();
        // Some chunk went twice (401, refresh, same request again) and every time the server got the whole chunk.
        Assert.True(chunkRequests.Count > 25, $"expected resends after 401s, saw {chunkRequests.Count} chunk requests");
        Assert.Equal(0, _t.State.Files.ChunkMismatches);
        Assert.Equal(Enumerable.Range(1, 25), _t.State.Files.ChunkReceipts["drive/Home/up/t.bin"]);
    }

    [Fact]
    public async Task Download_AfterTheTokenExpired_RefreshesAndCompletes()
    {
        var stored = _t.PutRemote("drive/Home/d.bin", 300_000, 22);
        _t.State.Clock.Advance(TimeSpan.FromSeconds(2.1));
        var engine = new DownloadEngine(_t.Files);
        var plan = await engine.PlanAsync(new[] { RemotePath.Parse("drive/Home/d.bin") }, null, _t.Local, default);
        var results = await engine.RunAsync(plan, new TransferProgress("t", 1), null, default);
        Assert.Null(Assert.Single(results).Error);
        Assert.True(_t.State.RefreshCalls >= 1);
        Assert.Equal(FilesTestServer.Sha256(stored), FilesTestServer.Sha256(Path.Combine(_t.Local, "d.bin")));
    }
}
