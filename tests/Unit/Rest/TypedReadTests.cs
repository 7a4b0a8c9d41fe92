using System.Text.Json;
using Olares.Desktop;
using Olares.Profiles;
using Olares.Errors;
using Olares.Files;
using Olares.Market;
using Olares.Tests.TestSupport;
using Xunit;

namespace Olares.Tests.Rest;

/// <summary>The wire formats behind Get-OlaresRepo, Get-OlaresSystemInfo and Get-OlaresAppCategory.</summary>
public sealed class TypedReadTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void Repos_AreReadWithStringEncodedFlagsAndSizes()
    {
        var repos = SyncRepoClient.Parse(Json("""
            {"repos":[
              {"repo_id":"b7ffab7f","repo_name":"My Library","encrypted":"false","size":"0","last_modified":"2026-04-24T08:03:45.000Z","permission":"rw","status":"normal","owner_email":"alice@olares.com","owner_name":"Alice"},
              {"repo_id":"c1","repo_name":"Secret","encrypted":"true","size":12345},
              {"repo_id":"c2","repo_name":"Odd","encrypted":1,"size":""}
            ]}
            """), SyncRepoKind.Mine, "list");
        Assert.Equal(new[] { "b7ffab7f", "c1", "c2" }, repos.Select(r => r.Id));
        Assert.False(repos[0].Encrypted);
        Assert.Equal(0L, repos[0].Size);
        Assert.Equal(new DateTimeOffset(2026, 4, 24, 8, 3, 45, TimeSpan.Zero), repos[0].LastModified);
        Assert.Equal("rw", repos[0].Permission);
        Assert.True(repos[1].Encrypted);
        Assert.Equal(12345L, repos[1].Size);
        Assert.True(repos[2].Encrypted);
        Assert.Null(repos[2].Size);
    }

    [Fact]
    public void SharedRepos_TakeTheSharePermissionAndTheOtherParty()
    {
        var repo = Assert.Single(SyncRepoClient.Parse(Json("""
            {"repos":[{"repo_id":"r3","repo_name":"Bob's","share_permission":"r","share_type":"personal","user_email":"bob@olares.com","user_name":"Bob"}]}
            """), SyncRepoKind.SharedToMe, "list"));
        Assert.Equal("r", repo.Permission);
        Assert.Equal("personal", repo.ShareType);
        Assert.Equal("bob@olares.com", repo.UserEmail);
        Assert.Equal(SyncRepoKind.SharedToMe, repo.Kind);
    }

    [Theory]
    [InlineData("{\"repos\":null}")]
    [InlineData("{}")]
    [InlineData("{\"code\":0,\"repos\":[]}")]
    public void NoRepos_IsAnEmptyList(string body) => Assert.Empty(SyncRepoClient.Parse(Json(body), SyncRepoKind.Mine, "list"));

    [Fact]
    public void ABusinessFailureWithHttp200_IsATypedErrorWithTheServersMessage()
    {
        var e = Assert.Throws<OlaresHttpException>(() => SyncRepoClient.Parse(Json("{\"code\":-1,\"message\":\"server says no\",\"repos\":null}"), SyncRepoKind.Mine, "list"));
        Assert.Contains("server says no", e.Message);
        Assert.Contains("code -1", e.Message);
    }

    [Theory]
    [InlineData("{\"repos\":[{\"repo_name\":\"x\"}]}")]
    [InlineData("{\"repos\":[{\"repo_id\":\"x\",\"size\":\"12kb\"}]}")]
    [InlineData("{\"repos\":{}}")]
    [InlineData("[]")]
    public void AMalformedList_IsAnUnexpectedResponse(string body) =>
        Assert.Equal("OlaresUnexpectedResponse", Assert.Throws<OlaresProtocolException>(() => SyncRepoClient.Parse(Json(body), SyncRepoKind.Mine, "list")).ErrorId);

    [Theory]
    [InlineData(SyncRepoKind.Mine, "/api/repos/")]
    [InlineData(SyncRepoKind.SharedToMe, "/api/repos/?type=share_to_me")]
    [InlineData(SyncRepoKind.Shared, "/api/repos/?type=shared")]
    public void EachKind_HasItsQuery(SyncRepoKind kind, string path) => Assert.Equal(path, SyncRepoClient.PathFor(kind));

    [Fact]
    public void OlaresInfo_ReadsEveryField_AndAcceptsCode200()
    {
        var info = DesktopClient.ParseOlaresInfo(Json("""
            {"code":200,"message":"","data":{"olaresId":"alice@olares.com","wizardStatus":"completed","enableReverseProxy":true,"tailScaleEnable":false,
             "osVersion":"1.12.6-rc.1","loginBackground":"bg","avatar":"av","id":"i","did":"did:x","olaresd":"1.0.3","style":"s"}}
            """));
        Assert.Equal("alice@olares.com", info.OlaresId);
        Assert.Equal("1.12.6-rc.1", info.OsVersion);
        Assert.Equal("completed", info.WizardStatus);
        Assert.True(info.EnableReverseProxy);
        Assert.False(info.TailScaleEnable);
        Assert.Equal("1.0.3", info.Olaresd);
        Assert.Equal("did:x", info.Did);
    }

    [Fact]
    public void OlaresInfo_WithAnErrorCode_IsTyped()
    {
        var e = Assert.Throws<OlaresHttpException>(() => DesktopClient.ParseOlaresInfo(Json("{\"code\":500,\"message\":\"bfl down\"}")));
        Assert.Contains("bfl down", e.Message);
        Assert.Throws<OlaresProtocolException>(() => DesktopClient.ParseOlaresInfo(Json("{\"code\":0}")));
    }

    [Fact]
    public async Task OlaresInfo_IsCachedInConfigJson_AsOlaresCliDoes()
    {
        await using var t = await LoggedInServer.StartAsync(new Olares.Emulator.EmulatorOptions { OsVersion = "1.12.7" });
        var at = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var info = await BackendVersionResolver.ReadAndCacheAsync(t.Alice, default, at);
        Assert.Equal("1.12.7", info.OsVersion);
        Assert.Equal("alice@olares.com", info.OlaresId);
        var saved = t.Context.ResolveProfile(LoggedInServer.AliceId).Profile;
        Assert.Equal("1.12.7", saved.BackendVersion);
        Assert.Equal(1_800_000_000, saved.BackendVersionRefreshedAt);
        Assert.Contains("\"backendVersion\": \"1.12.7\"", File.ReadAllText(Path.Combine(t.Home, "config.json")));
    }

    [Fact]
    public void Categories_CountEveryCatalogEntryInEachOfItsCategories()
    {
        var catalog = new[]
        {
            new CatalogApp { Name = "ollama", Source = "market.olares", Categories = new[] { "AI" } },
            new CatalogApp { Name = "ollama", Source = "upload", Categories = new[] { "AI" } },
            new CatalogApp { Name = "n8n", Source = "market.olares", Categories = new[] { "Productivity", "Developer Tools", "Productivity" } },
            new CatalogApp { Name = "bare", Source = "market.olares", Categories = Array.Empty<string>() },
        };
        var categories = AppCategories.Of(catalog);
        Assert.Equal(new[] { "AI", "Developer Tools", "Productivity" }, categories.Select(c => c.Name));
        Assert.Equal(2, categories[0].Apps.Count);
        Assert.Single(categories[2].Apps);
    }
}
