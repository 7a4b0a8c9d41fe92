using Olares.Configuration;
using Olares.Errors;
using Olares.Identity;
using Xunit;

namespace Olares.Tests.Identity;

public class ServiceEndpointsTests
{
    private static readonly OlaresId Alice = OlaresId.Parse("alice@olares.com");

    [Fact]
    public void Derives_the_olares_cli_urls_by_default()
    {
        var e = ServiceEndpoints.Resolve(Alice, null, null);
        Assert.Equal("https://auth.alice.olares.com/", e.Auth.AbsoluteUri);
        Assert.Equal("https://vault.alice.olares.com/server", e.Vault.AbsoluteUri);
        Assert.Equal("https://desktop.alice.olares.com/", e.Desktop.AbsoluteUri);
        Assert.Equal("https://settings.alice.olares.com/", e.Settings.AbsoluteUri);
        Assert.Equal("https://files.alice.olares.com/", e.Files.AbsoluteUri);
        Assert.Equal("https://market.alice.olares.com/", e.Market.AbsoluteUri);
        Assert.Equal("https://dashboard.alice.olares.com/", e.Dashboard.AbsoluteUri);
        Assert.Equal("https://control-hub.alice.olares.com/", e.ControlHub.AbsoluteUri);
    }

    [Fact]
    public void Inserts_the_local_url_prefix_verbatim_and_honours_the_auth_override()
    {
        var profile = new ProfileConfig { OlaresId = Alice.Value, LocalUrlPrefix = "dev.", AuthUrlOverride = "https://login.example.com/" };
        var e = ServiceEndpoints.Resolve(Alice, profile, null);
        Assert.Equal("https://files.dev.alice.olares.com/", e.Files.AbsoluteUri);
        Assert.Equal("https://login.example.com/", e.Auth.AbsoluteUri);
    }

    [Fact]
    public void Expands_a_url_template_for_every_service()
    {
        var settings = new ModuleProfileSettings { ServiceUrlTemplate = "http://127.0.0.1:5123/{service}" };
        var e = ServiceEndpoints.Resolve(Alice, null, settings);
        Assert.Equal("http://127.0.0.1:5123/auth", e.Auth.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5123/vault/server", e.Vault.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5123/files", e.Files.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5123/control-hub", e.ControlHub.AbsoluteUri);
    }

    [Fact]
    public void Per_service_overrides_win_over_the_template()
    {
        var settings = new ModuleProfileSettings
        {
            ServiceUrlTemplate = "http://127.0.0.1:5123/{service}",
            ServiceUrls = new() { ["files"] = "http://127.0.0.2:7000/" },
        };
        var e = ServiceEndpoints.Resolve(Alice, null, settings);
        Assert.Equal("http://127.0.0.2:7000/", e.Files.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5123/desktop", e.Desktop.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/")]
    [InlineData("ftp://{service}.example.com")]
    [InlineData("{service}")]
    public void Refuses_templates_that_cannot_give_urls(string template)
    {
        var e = Assert.ThrowsAny<OlaresArgumentException>(() => ServiceEndpoints.Resolve(Alice, null, new ModuleProfileSettings { ServiceUrlTemplate = template }));
        Assert.StartsWith("OlaresInvalidService", e.ErrorId);
    }

    [Fact]
    public void Only_the_profile_origins_are_own_origins()
    {
        var e = ServiceEndpoints.Resolve(Alice, null, new ModuleProfileSettings { ServiceUrlTemplate = "http://127.0.0.1:5123/{service}" });
        Assert.True(e.IsOwnOrigin(new Uri("http://127.0.0.1:5123/anything?x=1")));
        Assert.False(e.IsOwnOrigin(new Uri("http://127.0.0.2:5123/files")));
        Assert.False(e.IsOwnOrigin(new Uri("https://127.0.0.1:5123/files")));
        Assert.False(e.IsOwnOrigin(new Uri("http://127.0.0.1:5124/files")));
        var d = ServiceEndpoints.Resolve(Alice, null, null);
        Assert.True(d.IsOwnOrigin(new Uri("https://files.alice.olares.com/api/raw/x")));
        Assert.False(d.IsOwnOrigin(new Uri("https://files.alice.olares.com.evil.example/")));
    }
}
