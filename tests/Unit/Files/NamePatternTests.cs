using Olares.Errors;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

/// <summary>PowerShell's wildcard grammar for one name, matched as the server's file system compares names (exactly).</summary>
public sealed class NamePatternTests
{
    [Theory]
    [InlineData("*.log", "app.log", true)]
    [InlineData("*.log", "app.log.1", false)]
    [InlineData("*.log", ".log", true)]
    [InlineData("*.LOG", "app.log", false)]            // case-sensitive, as the server's file system
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "abcabc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("**x", "x", true)]
    [InlineData("*", "", true)]
    [InlineData("?", "", false)]
    [InlineData("report-202?.pdf", "report-2024.pdf", true)]
    [InlineData("report-202?.pdf", "report-20245.pdf", false)]
    [InlineData("[abc]1", "b1", true)]
    [InlineData("[abc]1", "d1", false)]
    [InlineData("IMG_[0-9][0-9].jpg", "IMG_07.jpg", true)]
    [InlineData("IMG_[0-9][0-9].jpg", "IMG_7a.jpg", false)]
    [InlineData("[a-c]*", "Bob", false)]
    [InlineData("[z-a]x", "mx", true)]                  // a reversed range still spans its ends
    [InlineData("a`[1`].txt", "a[1].txt", true)]
    [InlineData("a`[1`].txt", "a1.txt", false)]
    [InlineData("a[1].txt", "a1.txt", true)]
    [InlineData("a[1].txt", "a[1].txt", false)]
    [InlineData("`*", "*", true)]
    [InlineData("`*", "x", false)]
    [InlineData("[`]x]", "]", true)]
    [InlineData("x*`?", "xyz?", true)]
    [InlineData("x*`?", "xyz", false)]
    [InlineData("été*", "été 2024", true)]
    public void Matches_AsPowerShellWildcards_ComparingExactly(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, NamePattern.Parse(pattern).IsMatch(name));
    }

    [Theory]
    [InlineData("plain.txt", false)]
    [InlineData("a*", true)]
    [InlineData("a?", true)]
    [InlineData("a[1]", true)]
    [InlineData("a`[1`]", false)]
    [InlineData("a`*", false)]
    [InlineData("a``*", true)]       // an escaped backtick, then a real wildcard
    [InlineData("", false)]
    public void ContainsWildcards_IgnoresEscapedCharacters(string text, bool expected)
    {
        Assert.Equal(expected, NamePattern.ContainsWildcards(text));
        Assert.Equal(!expected, NamePattern.Parse(text).Literal != null);
    }

    [Theory]
    [InlineData("a`[1`].txt", "a[1].txt")]
    [InlineData("a``b", "a`b")]
    [InlineData("trailing`", "trailing`")]
    [InlineData("plain", "plain")]
    public void Unescape_RemovesTheEscapingBackticks(string text, string expected) => Assert.Equal(expected, NamePattern.Unescape(text));

    [Theory]
    [InlineData("a[1].txt")]
    [InlineData("*?`[]")]
    [InlineData("plain name")]
    public void Escape_GivesAPatternThatMatchesOnlyTheName(string name)
    {
        var pattern = NamePattern.Parse(NamePattern.Escape(name));
        Assert.False(pattern.HasWildcards);
        Assert.Equal(name, pattern.Literal);
        Assert.True(pattern.IsMatch(name));
    }

    [Theory]
    [InlineData("a[1.txt")]
    [InlineData("[]")]
    [InlineData("x[")]
    public void Parse_RefusesAnOpenBracket_NamingThePathAndTheWayOut(string text)
    {
        var e = Assert.Throws<OlaresArgumentException>(() => NamePattern.Parse(text, "drive/Home/" + text));
        Assert.Equal("OlaresInvalidPath", e.ErrorId);
        Assert.Equal("drive/Home/" + text, e.Target);
        Assert.Contains("-LiteralPath", e.Message);
        Assert.Contains("-LiteralPath", e.RecommendedAction);
    }
}
