using Olares.Errors;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

public sealed class RemotePathPatternTests
{
    [Theory]
    [InlineData("drive/Home/Documents/a.txt", "drive/Home/Documents/a.txt")]
    [InlineData("drive/Home/a`[1`].txt", "drive/Home/a[1].txt")]
    [InlineData("drive/Home/x/../y", "drive/Home/y")]
    [InlineData("drive/Home", "drive/Home")]
    public void Parse_WithoutWildcards_IsThePath(string text, string path)
    {
        var pattern = RemotePathPattern.Parse(text);
        Assert.False(pattern.HasWildcards);
        Assert.Equal(path, pattern.LiteralPath!.ToString());
    }

    [Fact]
    public void Parse_WithWildcards_KeepsTheRootAndTheSegments()
    {
        var pattern = RemotePathPattern.Parse("drive/Home/Pictures/*/IMG_??.jpg");
        Assert.True(pattern.HasWildcards);
        Assert.Equal("drive/Home", pattern.Root.ToString());
        Assert.Equal(new[] { "Pictures", "*", "IMG_??.jpg" }, pattern.Segments.Select(s => s.Text));
        Assert.False(pattern.Segments[0].HasWildcards);
        Assert.True(pattern.Segments[2].IsMatch("IMG_01.jpg"));
        Assert.False(pattern.IsDirectoryHint);
        Assert.True(RemotePathPattern.Parse("drive/Home/*/").IsDirectoryHint);
    }

    [Fact]
    public void Parse_CollapsesDotSegmentsOfPatterns()
    {
        var pattern = RemotePathPattern.Parse("drive/Home/a/./b/../*.txt");
        Assert.Equal(new[] { "a", "*.txt" }, pattern.Segments.Select(s => s.Text));
    }

    [Theory]
    [InlineData("drive/*/x")]
    [InlineData("*/Home/x")]
    [InlineData("drive/H?me")]
    [InlineData("drive/Home/a[1")]
    [InlineData("photos/*")]
    [InlineData("drive/Home/x\0/*")]
    public void Parse_RefusesWildcardsBeforeTheExtend_AndBrokenPatterns(string text)
    {
        var e = Assert.Throws<OlaresArgumentException>(() => RemotePathPattern.Parse(text));
        Assert.Equal("OlaresInvalidPath", e.ErrorId);
    }

    [Fact]
    public void Parse_Strict_RefusesDotDotInPatternsToo()
    {
        Assert.Throws<OlaresArgumentException>(() => RemotePathPattern.Parse("drive/Home/a/../*", strict: true));
    }

    [Fact]
    public void Literal_TakesEveryCharacterAsItIs()
    {
        var pattern = RemotePathPattern.Literal("drive/Home/chart[1]*.tgz");
        Assert.False(pattern.HasWildcards);
        Assert.Equal("drive/Home/chart[1]*.tgz", pattern.LiteralPath!.ToString());
        Assert.Equal("drive/Home/a`b", RemotePathPattern.Literal("drive/Home/a`b").LiteralPath!.ToString());
    }
}
