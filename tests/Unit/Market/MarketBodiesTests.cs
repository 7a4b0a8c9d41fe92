using System.Text.Json.Nodes;
using Olares.Market;
using Xunit;

namespace Olares.Tests.Market;

public sealed class MarketBodiesTests
{
    [Theory]
    [InlineData("1.12.5", "1.12.5")]
    [InlineData("1.12.6", "1.12.6")]
    [InlineData("1.12.7", "1.12.6")]
    [InlineData("v1.13.0", "1.12.6")]
    [InlineData("2.0.0", "1.12.6")]
    [InlineData("1.12.6-rc.3", "1.12.6")]
    [InlineData("1.12.4", "1.12.5")]
    [InlineData("1.11.9", "1.12.5")]
    [InlineData("0.1.0", "1.12.5")]
    public void Picks_the_shape_by_floor_match(string server, string shape)
    {
        Assert.Equal(shape, MarketBodies.For(BackendVersion.TryParse(server)).Shape.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unknown")]
    [InlineData("1")]
    [InlineData("1.x.3")]
    public void Unknown_versions_use_the_oldest_shape(string? server)
    {
        Assert.Null(BackendVersion.TryParse(server));
        Assert.Equal("1.12.5", MarketBodies.For(BackendVersion.TryParse(server)).Shape.ToString());
    }

    [Fact]
    public void Bodies_of_1_12_5()
    {
        var b = MarketBodies.For(BackendVersion.TryParse("1.12.5"));
        Assert.False(b.NamesSource);
        Assert.False(b.SupportsRestart);
        Same("""{"sync":true}""", b.Cancel("a", "s", "1.0.0"));
        Same("""{"appName":"a","all":true}""", b.Stop("a", "s", true));
        Same("""{"appName":"a"}""", b.Resume("a", "s"));
        Same("""{"sync":true,"all":false,"deleteData":true}""", b.Uninstall("a", "s", false, true, "1.0.0"));
        Same("""{"source":"s","app_name":"a","version":"1.0.0","sync":true,"envs":[{"envName":"K","value":"v"}]}""",
            b.Install("s", "a", "1.0.0", new[] { new AppEnvVar("K", "v") }, "nvidia"));
        Assert.Throws<NotSupportedException>(() => b.Restart("a", "s"));
    }

    [Fact]
    public void Bodies_of_1_12_6()
    {
        var b = MarketBodies.For(BackendVersion.TryParse("1.12.6"));
        Assert.True(b.NamesSource);
        Assert.True(b.SupportsRestart);
        Same("""{"app_name":"a","source":"s","sync":true,"version":"1.0.0"}""", b.Cancel("a", "s", "1.0.0"));
        Same("""{"app_name":"a","source":"s","sync":true}""", b.Cancel("a", "s", null));
        Same("""{"app_name":"a","source":"s","all":false}""", b.Stop("a", "s", false));
        Same("""{"app_name":"a","source":"s"}""", b.Resume("a", "s"));
        Same("""{"app_name":"a","source":"s","sync":true,"all":true,"deleteData":false,"version":"2.0.0"}""", b.Uninstall("a", "s", true, false, "2.0.0"));
        Same("""{"app_name":"a","source":"s"}""", b.Restart("a", "s"));
        Same("""{"source":"s","app_name":"a","version":"1.0.0","sync":true,"selectedGpuType":"nvidia"}""", b.Install("s", "a", "1.0.0", null, "nvidia"));
    }

    [Theory]
    [InlineData("1.12.5")]
    [InlineData("1.12.6")]
    public void Upgrade_and_clone_are_the_same_on_both(string version)
    {
        var b = MarketBodies.For(BackendVersion.TryParse(version));
        Same("""{"source":"s","app_name":"a","version":"2.0.0","sync":true}""", b.Upgrade("s", "a", "2.0.0"));
        Same("""{"source":"s","app_name":"a","title":"T","sync":true,"envs":[{"envName":"K","value":""}],"entrances":[{"name":"web","title":"Web"}]}""",
            b.Clone("s", "a", "T", new[] { new AppEnvVar("K", "") }, new[] { new KeyValuePair<string, string>("web", "Web") }));
        Same("""{"source":"s","app_name":"a","title":"T","sync":true}""", b.Clone("s", "a", "T", null, null));
    }

    private static void Same(string expected, JsonObject actual)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), "expected " + expected + ", got " + actual.ToJsonString());
}
