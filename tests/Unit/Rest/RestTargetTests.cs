using Olares.Configuration;
using Olares.Errors;
using Olares.Identity;
using Olares.Rest;
using Xunit;

namespace Olares.Tests.Rest;

public sealed class RestTargetTests
{
    private static readonly ServiceEndpoints Endpoints = ServiceEndpoints.Resolve(OlaresId.Parse("alice@olares.com"), new ProfileConfig { OlaresId = "alice@olares.com" }, null);

    [Theory]
    [InlineData("desktop", "/api/olares-info", "https://desktop.alice.olares.com/api/olares-info")]
    [InlineData("Files", "api/repos/?type=shared", "https://files.alice.olares.com/api/repos/?type=shared")]
    [InlineData("control-hub", "/capi/app/detail", "https://control-hub.alice.olares.com/capi/app/detail")]
    [InlineData("vault", "/info", "https://vault.alice.olares.com/server/info")]
    [InlineData("market", "", "https://market.alice.olares.com/")]
    public void ForService_AppendsThePathToTheServiceUrl(string service, string path, string expected)
    {
        Assert.Equal(expected, RestTarget.ForService(Endpoints, service, path).AbsoluteUri);
    }

    [Fact]
    public void ForService_EscapesWhatCannotBeInAUrl_AndKeepsPercentEncoding()
    {
        Assert.Equal("https://files.alice.olares.com/api/resources/drive/Home/a%20b/c%2Fd", RestTarget.ForService(Endpoints, "files", "/api/resources/drive/Home/a b/c%2Fd").AbsoluteUri);
    }

    [Fact]
    public void ForService_RefusesAnUnknownService_NamingTheKnownOnes()
    {
        var e = Assert.Throws<OlaresArgumentException>(() => RestTarget.ForService(Endpoints, "desk", "/x"));
        Assert.Equal("OlaresUnknownService", e.ErrorId);
        Assert.Contains("control-hub", e.Message);
    }

    [Theory]
    [InlineData("https://evil.example/x")]
    [InlineData("//evil.example/x")]
    [InlineData("\\\\evil.example\\x")]
    [InlineData("/api/x\r\nX-Injected: 1")]
    public void ForService_RefusesWhatIsNotAPathOnTheService(string path)
    {
        var e = Assert.Throws<OlaresArgumentException>(() => RestTarget.ForService(Endpoints, "desktop", path));
        Assert.Equal("OlaresInvalidRestPath", e.ErrorId);
    }

    [Fact]
    public void ForService_AcceptsColonsInPathsAndQueries()
    {
        Assert.Equal("https://desktop.alice.olares.com/api/a:b?t=1:2", RestTarget.ForService(Endpoints, "desktop", "/api/a:b?t=1:2").AbsoluteUri);
    }

    [Fact]
    public void ForUri_AcceptsTheProfilesOwnOrigins()
    {
        Assert.Equal("https://settings.alice.olares.com/api/x", RestTarget.ForUri(Endpoints, "https://settings.alice.olares.com/api/x", false).AbsoluteUri);
    }

    [Theory]
    [InlineData("https://example.com/x")]
    [InlineData("http://desktop.alice.olares.com/api/x")]
    [InlineData("https://desktop.alice.olares.com:8443/api/x")]
    [InlineData("https://desktop.alice.olares.com.evil.example/api/x")]
    public void ForUri_RefusesAnyOtherOrigin_UnlessAnonymous(string uri)
    {
        var e = Assert.Throws<OlaresForeignOriginException>(() => RestTarget.ForUri(Endpoints, uri, false));
        Assert.Equal("OlaresForeignOrigin", e.ErrorId);
        Assert.Contains("-Anonymous", e.RecommendedAction);
        Assert.Equal(uri, RestTarget.ForUri(Endpoints, uri, true).AbsoluteUri);
    }

    [Theory]
    [InlineData("/api/x")]
    [InlineData("ftp://desktop.alice.olares.com/x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public void ForUri_RefusesWhatIsNotAnAbsoluteHttpUrl(string uri)
    {
        var e = Assert.Throws<OlaresArgumentException>(() => RestTarget.ForUri(Endpoints, uri, true));
        Assert.Equal("OlaresInvalidUri", e.ErrorId);
    }

    [Fact]
    public void Describe_LeavesTheQueryOut()
    {
        Assert.Equal("GET https://files.alice.olares.com/api/x", RestTarget.Describe("GET", new Uri("https://files.alice.olares.com/api/x?secret=1")));
    }
}
