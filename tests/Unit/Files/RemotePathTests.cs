using Olares.Errors;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

public sealed class RemotePathTests
{
    [Theory]
    [InlineData("drive/Home", "drive", "Home", "/", true)]
    [InlineData(" drive/Home/ ", "drive", "Home", "/", true)]
    [InlineData("drive/Home/Documents", "drive", "Home", "/Documents", false)]
    [InlineData("drive/Home/a/b/", "drive", "Home", "/a/b", true)]
    [InlineData("/drive/Data//a/./b", "drive", "Data", "/a/b", false)]
    [InlineData("drive/Home/a/../../../etc", "drive", "Home", "/etc", false)]
    [InlineData("sync/repo-123/x y", "sync", "repo-123", "/x y", false)]
    [InlineData("external/node-1/hdd1/", "external", "node-1", "/hdd1", true)]
    public void Parse_SplitsAndCleans(string text, string type, string extend, string sub, bool dir)
    {
        var p = RemotePath.Parse(text);
        Assert.Equal(type, p.FileType);
        Assert.Equal(extend, p.Extend);
        Assert.Equal(sub, p.SubPath);
        Assert.Equal(dir, p.IsDirectoryHint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("drive")]
    [InlineData("Drive/Home")]
    [InlineData("drive/Nope/x")]
    [InlineData("photos/x")]
    [InlineData("drive\\Home\\x")]
    [InlineData("sync/../x")]
    public void Parse_RefusesMalformedPaths(string text)
    {
        var e = Assert.Throws<OlaresArgumentException>(() => RemotePath.Parse(text));
        Assert.Equal("OlaresInvalidPath", e.ErrorId);
    }

    [Fact]
    public void ParseStrict_RefusesDotSegments()
    {
        Assert.Throws<OlaresArgumentException>(() => RemotePath.ParseStrict("drive/Home/a/../b"));
        Assert.Equal("/a/b", RemotePath.ParseStrict("drive/Home/a/b").SubPath);
    }

    [Fact]
    public void EncodedAndServerForms()
    {
        var p = RemotePath.Parse("drive/Home/a b/ü(1).txt");
        Assert.Equal("drive/Home/a b/ü(1).txt", p.ToString());
        Assert.Equal("/drive/Home/a b/ü(1).txt", p.ToServerPath(false));
        Assert.Equal("/drive/Home/a%20b/%C3%BC(1).txt", p.ToEncodedPath(false));
        Assert.Equal("/drive/Home/", RemotePath.Parse("drive/Home").ToEncodedPath(true));
        Assert.Equal("drive/Home/a b", p.Parent!.ToString());
        Assert.Null(RemotePath.Parse("drive/Home").Parent);
    }

    [Theory]
    [InlineData("drive/Home", true)]
    [InlineData("drive/Home/Documents", true)]
    [InlineData("drive/Home/Documents/x", false)]
    [InlineData("drive/Home/documents", false)]
    [InlineData("drive/Data/Documents", false)]
    [InlineData("external/node-1/hdd1", true)]
    [InlineData("external/node-1/hdd1/ai", true)]
    [InlineData("external/node-1/hdd1/ai/model", true)]
    [InlineData("external/node-1/hdd1/ai/mine", false)]
    [InlineData("external/node-1/hdd1/x", false)]
    public void ProtectionReason_CoversStandardFoldersAndVolumeRoots(string text, bool isProtected) =>
        Assert.Equal(isProtected, RemotePath.Parse(text).ProtectionReason() != null);

    [Fact]
    public void Child_RefusesNamesThatAreNotOneSegment()
    {
        var home = RemotePath.Parse("drive/Home");
        Assert.Equal("drive/Home/a", home.Child("a", false).ToString());
        foreach (var bad in new[] { "..", ".", "", "a/b", "../x" })
        {
            Assert.Throws<OlaresUnsafeRemoteNameException>(() => home.Child(bad, false));
        }
    }

    [Fact]
    public void Contains_IsPathAware()
    {
        var a = RemotePath.Parse("drive/Home/a");
        Assert.True(a.Contains(RemotePath.Parse("drive/Home/a/b")));
        Assert.True(a.Contains(a));
        Assert.False(a.Contains(RemotePath.Parse("drive/Home/ab")));
        Assert.False(a.Contains(RemotePath.Parse("drive/Data/a/b")));
        Assert.True(RemotePath.Parse("drive/Home").Contains(a));
    }
}
