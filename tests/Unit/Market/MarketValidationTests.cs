using Olares.Errors;
using Olares.Market;
using Xunit;

namespace Olares.Tests.Market;

public sealed class MarketValidationTests
{
    [Theory]
    [InlineData("1.2.3")]
    [InlineData("v1.2.3")]
    [InlineData("0.0.0")]
    [InlineData("10.20.30")]
    [InlineData("1.0.0-rc.1")]
    [InlineData("1.0.0-alpha-beta.0")]
    [InlineData("1.0.0+build.7")]
    [InlineData("v1.0.0-0.3.7+exp.sha.5114f85")]
    public void Accepts_strict_semver(string version)
    {
        Assert.True(MarketValidation.IsSemVer(version));
        MarketValidation.RequireVersion(version, "app");
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("1")]
    [InlineData("latest")]
    [InlineData("01.2.3")]
    [InlineData("1.02.3")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3+")]
    [InlineData("1.2.3-a..b")]
    [InlineData("V1.2.3")]
    [InlineData("vv1.2.3")]
    [InlineData(" 1.2.3")]
    [InlineData("1.2.3.4")]
    [InlineData("")]
    public void Refuses_anything_else(string version)
    {
        Assert.False(MarketValidation.IsSemVer(version));
        var e = Assert.Throws<OlaresArgumentException>(() => MarketValidation.RequireVersion(version, "firefox"));
        Assert.Equal("OlaresInvalidVersion", e.ErrorId);
        Assert.Equal(OlaresErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("firefox", e.Message);
    }

    [Theory]
    [InlineData("A", true)]
    [InlineData("N8N_HOST", true)]
    [InlineData("a_1", true)]
    [InlineData("_A", false)]
    [InlineData("1A", false)]
    [InlineData("A-B", false)]
    [InlineData("A B", false)]
    [InlineData("É", false)]
    [InlineData("", false)]
    public void Env_names_are_identifiers(string name, bool valid)
    {
        Assert.Equal(valid, MarketValidation.IsEnvName(name));
        var envs = new[] { new AppEnvVar("OK", "1"), new AppEnvVar(name, "x") };
        if (valid) MarketValidation.RequireEnvNames(envs);
        else Assert.Equal(name, Assert.Throws<OlaresArgumentException>(() => MarketValidation.RequireEnvNames(envs)).Target);
    }

    [Theory]
    [InlineData("firefox", true)]
    [InlineData("a-b_c.1", true)]
    [InlineData("", false)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    [InlineData("a?b", false)]
    public void App_names_cannot_escape_the_url(string name, bool valid)
    {
        if (valid) MarketValidation.RequireAppName(name);
        else Assert.Equal("OlaresInvalidAppName", Assert.Throws<OlaresArgumentException>(() => MarketValidation.RequireAppName(name)).ErrorId);
    }
}
