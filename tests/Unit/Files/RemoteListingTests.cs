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

    [Theory]
    [InlineData("1717171717", 2024)]                 // seconds
    [InlineData("1717171717000", 2024)]              // milliseconds
    [InlineData("1717171717000000", 2024)]           // microseconds
    [InlineData("1717171717000000000", 2024)]        // nanoseconds (used to throw ArgumentOutOfRangeException)
    [InlineData("9223372036854775807", 2262)]        // long.MaxValue: read as nanoseconds
    public void Parse_NumericTimes_InAnyUnit(string modified, int year)
    {
        var l = Parse("{\"items\":[{\"name\":\"f\",\"size\":1,\"modified\":" + modified + "}]}");
        Assert.Equal(year, l.Find("f")!.Modified!.Value.Year);
    }

    [Theory]
    [InlineData("\"0001-01-01T00:00:00Z\"")]     // Go's zero time.Time: SetLastWriteTime would throw on Windows
    [InlineData("\"1600-12-31T23:59:59Z\"")]
    [InlineData("\"not a time\"")]
    [InlineData("-5")]
    [InlineData("1e400")]
    [InlineData("{}")]
    public void Parse_TimesNoFileHas_AreUnknown(string modified)
    {
        var l = Parse("{\"items\":[{\"name\":\"f\",\"size\":1,\"modified\":" + modified + "}]}");
        Assert.Null(l.Find("f")!.Modified);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-9223372036854775808")]
    [InlineData("1e30")]
    [InlineData("18446744073709551615")]
    [InlineData("1.5")]
    [InlineData("\"12 bytes\"")]
    [InlineData("true")]
    public void Parse_SizesNoFileHas_AreUnknown_NotNegativeOrWrapped(string size)
    {
        var l = Parse("{\"items\":[{\"name\":\"f\",\"size\":" + size + ",\"mode\":-3}]}");
        var f = l.Find("f")!;
        Assert.Equal(0, f.Size);
        Assert.False(f.SizeKnown);
        Assert.Equal("----------", f.ModeString());
    }

    [Fact]
    public void Parse_LargeButValidSizes_AreKept()
    {
        var l = Parse("""{"items":[{"name":"big","size":9223372036854775807},{"name":"float","size":4096.0}]}""");
        Assert.Equal(long.MaxValue, l.Find("big")!.Size);
        Assert.True(l.Find("big")!.SizeKnown);
        Assert.Equal(4096, l.Find("float")!.Size);
    }
}
