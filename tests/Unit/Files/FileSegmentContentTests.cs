using Olares.Errors;
using Olares.Files;
using Olares.Http;
using Xunit;

namespace Olares.Tests.Files;

public sealed class FileSegmentContentTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "olares-seg-" + Guid.NewGuid().ToString("N"));

    public FileSegmentContentTests()
    {
        var bytes = new byte[1000];
        new Random(5).NextBytes(bytes);
        File.WriteAllBytes(_file, bytes);
    }

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task EverySerialization_RereadsTheSectionFromDisk_AndIsReplayable()
    {
        long counted = 0;
        using var content = new FileSegmentContent(_file, 100, 300, n => counted += n);
        Assert.True(ReplayableContent.IsReplayable(content));
        Assert.Equal(300, content.Headers.ContentLength);
        using var multipart = new MultipartFormDataContent { { content, "file", "x.bin" } };
        Assert.True(ReplayableContent.IsReplayable(multipart));

        var first = new MemoryStream();
        await content.CopyToAsync(first);
        var second = new MemoryStream();
        await content.CopyToAsync(second);
        var expected = File.ReadAllBytes(_file).AsSpan(100, 300).ToArray();
        Assert.Equal(expected, first.ToArray());
        Assert.Equal(expected, second.ToArray());
        Assert.Equal(2, content.Serializations);
        Assert.Equal(300, counted);
        content.TakeBack();
        Assert.Equal(0, counted);
    }

    [Fact]
    public async Task AFileThatShrank_IsALocalReadError()
    {
        using var content = new FileSegmentContent(_file, 900, 100);
        File.WriteAllBytes(_file, new byte[950]);
        var e = await Assert.ThrowsAsync<OlaresLocalFileException>(() => content.CopyToAsync(new MemoryStream()));
        Assert.Equal("OlaresLocalReadFailed", e.ErrorId);
    }
}
