using System.Text.Json;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

public sealed class RemoteListingTests
{
    private static RemoteListing Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return RemoteListing.Parse(RemotePath.Parse("drive/Home/x"), doc.RootElement);
    }

    [Fact]
    public void Parse_DriveShape()
    {
        var l = Parse("""
            {"name":"x","items":[
              {"name":"a.txt","isDir":false,"size":12,"modified":"2024-05-01T10:00:00Z","mode":420,"type":"text"},
              {"name":"sub","isDir":true,"size":4096,"modified":"2024-05-01T10:00:00+02:00","mode":2147484141}]}
            """);
        Assert.Equal(2, l.Items.Count);
        var a = l.Find("a.txt")!;
        Assert.False(a.IsDirectory);
        Assert.Equal(12, a.Size);
        Assert.Equal("drive/Home/x/a.txt", a.Path.ToString());
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), a.Modified);
        Assert.Equal("-rw-r--r--", a.ModeString());
        var sub = l.Find("sub")!;
        Assert.True(sub.IsDirectory);
        Assert.Equal("drwxr-xr-x", sub.ModeString());
        Assert.Null(l.Find("A.TXT"));
    }

    [Fact]
    public void Parse_CloudShapeWithEmptyModeAndTime()
    {
        var l = Parse("""{"data":[{"name":"c.bin","isDir":false,"fileSize":"77","modified":"","mode":""},{"name":"d","isDir":true,"modified":null}]}""");
        Assert.Equal(77, l.Find("c.bin")!.Size);
        Assert.Null(l.Find("c.bin")!.Modified);
        Assert.True(l.Find("d")!.IsDirectory);
    }

    [Fact]
    public void Parse_SetsAsideNamesThatAreNotOneSegment()
    {
        var l = Parse("""{"items":[{"name":"../x"},{"name":"a/b"},{"name":"ok"},{"name":".."},{"name":""}]}""");
        Assert.Equal(new[] { "ok" }, l.Items.Select(i => i.Name));
        Assert.Equal(new[] { "../x", "a/b", "..", "" }, l.RejectedNames);
    }
}
