using System.Globalization;
using System.Text.Json;
using Olares.Errors;
using Olares.Market;
using Xunit;

namespace Olares.Tests.Market;

public sealed class MarketJsonTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Reads_the_catalog_with_both_key_spellings_and_i18n_titles()
    {
        var data = Json("""
        {"user_data":{"sources":{
          "market.olares":{"type":"remote","app_info_latest":[
            {"type":"app","version":"9.9.9","app_simple_info":{"app_name":"firefox","app_title":{"en-US":"Firefox","zh-CN":"火狐"},"app_version":"1.2.0","categories":["Web",3]}},
            {"type":"app","version":"4.0.0","app_simple_info":{"app_id":"vscode","title":"Code Server","categories":[]}},
            {"type":"app","app_simple_info":{"title":"nameless"}}]},
          "upload":{"type":"local","app_info_latest":null}}},"user_id":"alice"}
        """);
        var apps = MarketJson.ParseCatalog(data);
        Assert.Equal(2, apps.Count);
        var ff = apps[0];
        Assert.Equal(("firefox", "1.2.0", "market.olares", "remote", "app"), (ff.Name, ff.Version, ff.Source, ff.SourceType, ff.Type));
        Assert.Equal(new[] { "Web" }, ff.Categories);
        Assert.Equal("火狐", ff.Title.Resolve(new CultureInfo("zh-CN")));
        Assert.Equal("Firefox", ff.Title.Resolve(new CultureInfo("de-DE")));
        var code = apps[1];
        Assert.Equal(("vscode", "4.0.0", "Code Server"), (code.Name, code.Version, code.Title.Resolve(CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("zh-CN", "火狐")]
    [InlineData("zh-TW", "火狐")]   // same language, other region
    [InlineData("en-GB", "Firefox (en)")]
    [InlineData("fr-FR", "Firefox (en-US)")]
    public void Titles_resolve_for_the_ui_culture(string culture, string expected)
    {
        var text = new LocalizedText(null, new Dictionary<string, string> { ["en"] = "Firefox (en)", ["en-US"] = "Firefox (en-US)", ["zh-CN"] = "火狐" });
        var resolved = text.Resolve(new CultureInfo(culture));
        // en-GB: its language "en" comes before the en-US fallback.
        Assert.Equal(expected, resolved);
    }

    [Fact]
    public void A_title_map_without_english_falls_back_to_its_first_entry()
    {
        Assert.Equal("Bonjour", new LocalizedText(null, new Dictionary<string, string> { ["fr"] = "Bonjour" }).Resolve(new CultureInfo("ja-JP")));
        Assert.Null(new LocalizedText(null, null).Resolve(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Reads_state_rows_with_name_fallback_progress_and_nanosecond_times()
    {
        var data = Json("""
        {"user_data":{"sources":{"market.olares":{"type":"remote","app_state_latest":[
          {"version":"1.2.0","status":{"name":"firefox","rawAppName":"firefox","title":"Firefox","state":"downloading","opType":"install","progress":"45.20","statusTime":"2026-01-02T03:04:05.123456789Z","reason":"","message":""}},
          {"version":"4.0.0","status":{"name":"","rawAppName":"vscode","state":"running","opType":"","progress":"0.00","statusTime":""}},
          {"version":"1","status":{"state":"running"}}]}}}}
        """);
        var rows = MarketJson.ParseState(data).Rows;
        Assert.Equal(2, rows.Count);
        Assert.Equal(45.2, rows[0].ProgressValue);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567), rows[0].StatusTimeValue);
        Assert.Equal("vscode", rows[1].Name);
        Assert.Null(rows[1].ProgressValue);   // "0.00" is shown as "-"
        Assert.Null(rows[1].StatusTimeValue);
    }

    [Fact]
    public void Finds_rows_in_the_pinned_source_first()
    {
        var snapshot = new AppStateSnapshot(new[]
        {
            new AppStateRow { Name = "a", Source = "market.olares", State = "running" },
            new AppStateRow { Name = "a", Source = "upload", State = "stopped" },
        });
        Assert.Equal("stopped", snapshot.Find("a", "upload")!.State);
        Assert.Equal("running", snapshot.Find("a", "elsewhere")!.State);
        Assert.Equal("running", snapshot.Find("a", null)!.State);
        Assert.Null(snapshot.Find("b", null));
    }

    [Fact]
    public void A_state_answer_without_data_is_a_protocol_error()
    {
        Assert.Throws<OlaresProtocolException>(() => MarketJson.ParseState(Json("null")));
        Assert.Empty(MarketJson.ParseState(Json("{}")).Rows);
    }

    [Theory]
    // The market's own 500 wrapping app-service's 422 (backend_response.data) ...
    [InlineData("""{"operation":"install","status":"failed","opID":"","backend_response":{"code":422,"data":{"type":"appenv","Data":{"missingValues":[{"envName":"A"},{"envName":"B"}],"missingRefs":null,"invalidValues":[{"envName":"C"}]}}}}""")]
    // ... or the check as data itself.
    [InlineData("""{"type":"appenv","Data":{"missingValues":[{"envName":"A"},{"envName":"B"}],"missingRefs":[],"invalidValues":[{"envName":"C","regex":"^x$"}]}}""")]
    public void Recognises_the_env_check_from_the_payload(string data)
    {
        Assert.True(MarketJson.TryGetCheck(Json(data), out var type, out var payload));
        Assert.Equal("appenv", type);
        var e = MarketJson.EnvError("n8n", payload)!;
        Assert.Equal(new[] { "A", "B" }, e.MissingValues);
        Assert.Empty(e.MissingRefs);
        Assert.Equal(new[] { "C" }, e.InvalidValues);
        Assert.Equal("OlaresMissingEnv", e.ErrorId);
        Assert.Contains("Missing required values: A, B", e.Message);
        Assert.Contains("Invalid values: C", e.Message);
        Assert.Contains("A = '<value>'", e.RecommendedAction);
    }

    [Fact]
    public void An_env_check_with_every_group_empty_is_not_an_env_error()
    {
        Assert.True(MarketJson.TryGetCheck(Json("""{"type":"appenv","Data":{"missingValues":null,"missingRefs":[],"invalidValues":null}}"""), out _, out var payload));
        Assert.Null(MarketJson.EnvError("x", payload));
        Assert.False(MarketJson.TryGetCheck(Json("""{"operation":"install","error":"boom"}"""), out _, out _));
    }

    [Fact]
    public void Reads_compute_modes()
    {
        Assert.True(MarketJson.TryGetCheck(Json("""{"backend_response":{"data":{"type":"computeModeSelect","Data":[{"computeType":"cpu","status":"installable"},{"computeType":"amd","status":"insufficient-resources","reason":"no GPU"}]}}}"""), out var type, out var payload));
        Assert.Equal("computeModeSelect", type);
        var modes = MarketJson.ComputeModes(payload);
        Assert.Equal(new[] { true, false }, modes.Select(m => m.Installable));
        Assert.Equal("no GPU", modes[1].Reason);
    }

    [Fact]
    public void Reads_the_app_detail()
    {
        var cs = MarketJson.ParseDetail(Json("""{"apps":[{"name":"ollama","version":"0.3.0","app_info":{"app_entry":{"apiVersion":"v2","subCharts":["a","b"]}},"simpleInfo":{"shared":true}}]}"""), "ollama", "market.olares")!;
        Assert.True(cs.IsClusterScopedV2);
        Assert.True(cs.Shared);
        Assert.Equal("0.3.0", cs.Version);
        var plain = MarketJson.ParseDetail(Json("""{"apps":[{"name":"x","allowMultipleInstall":true,"app_info":{"app_entry":{"apiVersion":"v2","subCharts":[]}}}]}"""), "x", "s")!;
        Assert.False(plain.IsClusterScopedV2);
        Assert.True(plain.AllowMultipleInstall);
        Assert.Null(MarketJson.ParseDetail(Json("""{"apps":[]}"""), "x", "s"));
    }
}
