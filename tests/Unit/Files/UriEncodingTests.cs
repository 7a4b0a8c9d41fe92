using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

public sealed class UriEncodingTests
{
    [Theory]
    [InlineData("abcXYZ019", "abcXYZ019")]
    [InlineData("-_.~!*'()", "-_.~!*'()")]
    [InlineData("a b", "a%20b")]
    [InlineData("a+b&c=d?e#f", "a%2Bb%26c%3Dd%3Fe%23f")]
    [InlineData("/x/", "%2Fx%2F")]
    [InlineData("C:\\x", "C%3A%5Cx")]
    [InlineData("déjà", "d%C3%A9j%C3%A0")]
    [InlineData("日本", "%E6%97%A5%E6%9C%AC")]
    [InlineData("100%", "100%25")]
    [InlineData("[]{}@$,;", "%5B%5D%7B%7D%40%24%2C%3B")]
    [InlineData("", "")]
    public void EncodeUriComponent_MatchesJavaScript(string input, string expected) =>
        Assert.Equal(expected, UriEncoding.EncodeUriComponent(input));

    [Fact]
    public void EncodePath_EncodesSegmentsAndKeepsEmptyOnes() =>
        Assert.Equal("/drive/Home/a%20b/c(1)!/", UriEncoding.EncodePath("/drive/Home/a b/c(1)!/"));

    [Theory]
    [InlineData("/drive/Home/a b/", "%2Fdrive%2FHome%2Fa+b%2F")]
    [InlineData("x+y!", "x%2By%21")]
    [InlineData("é~", "%C3%A9~")]
    public void FormEncode_MatchesGoUrlValues(string input, string expected) =>
        Assert.Equal(expected, UriEncoding.FormEncode(input));
}
