using Olares.Emulator;
using Xunit;

namespace Olares.Tests.Files;

/// <summary>The emulator's files service itself: it must not race where a real server cannot.</summary>
public sealed class FilesEmulatorTests
{
    [Fact]
    public async Task TheFirstParallelRequests_AllSeeAHomeThatExists()
    {
        // Before the fix a request could see drive/Home marked as made before it was made, and answer 404.
        for (var round = 0; round < 20; round++)
        {
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
            var files = server.State.Files;
            using var start = new ManualResetEventSlim();
            var seen = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                start.Wait();
                var home = files.PhysicalPath("alice", "drive/Home")!;
                return Directory.Exists(home) && Directory.Exists(Path.Combine(home, "Documents"));
            })).ToList();
            start.Set();
            Assert.All(await Task.WhenAll(seen), Assert.True);
        }
    }
}
