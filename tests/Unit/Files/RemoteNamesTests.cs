using Olares.Errors;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

public sealed class RemoteNamesTests
{
    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("C:\\x")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("a\\..\\..\\b")]
    [InlineData("bell\u0007")]
    public void LocalNameProblem_RefusesEscapingNames(string name) => Assert.NotNull(RemoteNames.LocalNameProblem(name));

    [Theory]
    [InlineData("report.pdf")]
    [InlineData("a b (1).txt")]
    [InlineData("déjà vu")]
    [InlineData("..hidden")]
    public void LocalNameProblem_AcceptsPlainNames(string name) => Assert.Null(RemoteNames.LocalNameProblem(name));

    [Fact]
    public void SafeLocalChild_StaysInsideTheRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "root");
        Assert.Equal(Path.Combine(root, "a.txt"), RemoteNames.SafeLocalChild(root, "a.txt", "drive/Home"));
        var e = Assert.Throws<OlaresUnsafeRemoteNameException>(() => RemoteNames.SafeLocalChild(root, "../x", "drive/Home/f"));
        Assert.Equal("OlaresUnsafeRemoteName", e.ErrorId);
        Assert.Equal(OlaresErrorKind.InvalidData, e.Kind);
        Assert.Contains("../x", e.Message);
        Assert.Throws<OlaresUnsafeRemoteNameException>(() => RemoteNames.SafeLocalChild(root, "/etc/passwd", "drive/Home"));
    }
}
