using System.Text.Json;

namespace Olares.Emulator;

/// <summary>
/// The market service (/market/app-store/api/v2/...): catalog, per-user state, app detail, and the mutations,
/// whose request bodies are checked against the shape of the emulated Olares version (1.12.5 or 1.12.6+, from
/// <see cref="EmulatorState.OsVersion"/>). Every request and its JSON body is recorded (see /_admin/market/requests).
/// Envelope: {"success": bool, "message": string, "data": any}.
/// </summary>
internal sealed class MarketEndpoints : IEmulatorService
{
    internal const string ApiPrefix = "/app-store/api/v2";

    public string Name => "market";

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        var api = group.MapGroup(ApiPrefix).RequireOlaresAuth();

        api.MapGet("/market/data", (HttpContext ctx) =>
        {
            var (market, user) = Begin(ctx, null);
            return Ok(market.CatalogData(user));
        }).WithFailureTarget("market-data");

        api.MapGet("/market/state", (HttpContext ctx) =>
        {
            var (market, user) = Begin(ctx, null);
            return Ok(market.StateData(user));
        }).WithFailureTarget("market-state");

        api.MapPost("/apps", async (HttpContext ctx) =>
        {
            var (market, user, body) = await BeginAsync(ctx);
            if (body is not { } b || !b.TryGetProperty("apps", out var apps) || apps.ValueKind != JsonValueKind.Array) return Fail(400, "body must be {\"apps\":[...]}");
            var list = new List<object>();
            foreach (var a in apps.EnumerateArray())
            {
                var id = a.GetString("appid");
                var source = a.GetString("sourceDataName") ?? "market.olares";
                if (id is not null && market.Detail(id, source) is { } d) list.Add(d);
            }
            return Ok(new { apps = list });
        });

        api.MapPost("/apps/{name}/install", async (HttpContext ctx, string name, EmulatorState s) =>
        {
            var (market, user, body) = await BeginAsync(ctx);
            var v1126 = MarketEmulator.IsV1126(s.OsVersion);
            var bad = BodyShape.Check(body, "source:s app_name:s version:s sync:T", v1126 ? "envs:a selectedGpuType:s" : "envs:a");
            if (bad is not null) return Fail(400, bad);
            var b = body!.Value;
            var source = b.GetString("source")!;
            if (b.GetString("app_name") != name) return Fail(400, "app_name does not match the path");
            if (!market.HasApp(source, name)) return Fail(404, $"app {name} not found in {source}");
            var version = b.GetString("version")!;
            if (!market.HasVersion(source, name, version.TrimStart('v'))) return Fail(400, $"version {version} of {name} does not exist");
            var row = market.FindRow(user, name, null);
            if (row is not null && !CanInstallOver(row.State)) return Fail(400, $"app {name} is already installed (state {row.State})");
            var check = market.Check(source, name, Envs(b), v1126, b.GetString("selectedGpuType"), checkCompute: true);
            if (check is { } c) return CheckFailed(market, "install", name, c.Type, c.Data);
            market.Start(user, "install", name, source, version.TrimStart('v'));
            return Ok(new { opID = Guid.NewGuid().ToString("N"), app_name = name, version, source }, "install started");
        });

        api.MapPut("/apps/{name}/upgrade", async (HttpContext ctx, string name) =>
        {
            var (market, user, body) = await BeginAsync(ctx);
            var bad = BodyShape.Check(body, "source:s app_name:s version:s sync:T", "");
            if (bad is not null) return Fail(400, bad);
            var b = body!.Value;
            var source = b.GetString("source")!;
            var version = b.GetString("version")!.TrimStart('v');
            var row = market.FindRow(user, name, source);
            if (row is null) return Fail(404, $"app {name} is not installed from {source}");
            if (row.State is not ("running" or "stopped")) return Fail(400, $"cannot upgrade {name} while {row.State}");
            if (!market.HasVersion(source, name, version)) return Fail(400, $"version {version} of {name} does not exist");
            market.Start(user, "upgrade", name, source, version);
            return Ok(new { opID = Guid.NewGuid().ToString("N"), app_name = name, version }, "upgrade started");
        });

        api.MapPost("/apps/{name}/clone", async (HttpContext ctx, string name) =>
        {
            var (market, user, body) = await BeginAsync(ctx);
            var bad = BodyShape.Check(body, "source:s app_name:s title:s sync:T", "envs:a entrances:a");
            if (bad is not null) return Fail(400, bad);
            var b = body!.Value;
            var source = b.GetString("source")!;
            if (!market.HasApp(source, name)) return Fail(404, $"app {name} not found in {source}");
            if (!market.AllowsClone(source, name)) return Fail(400, $"app {name} does not allow multiple installs");
            var check = market.Check(source, name, Envs(b), false, null, checkCompute: false);
            if (check is { } c) return CheckFailed(market, "clone", name, c.Type, c.Data);
            var clone = name + Guid.NewGuid().ToString("N")[..6];
            market.Start(user, "clone", clone, source, rawAppName: name, title: b.GetString("title"));
            return Ok(new { opID = Guid.NewGuid().ToString("N"), app_name = clone, rawAppName = name }, "clone started");
        });

        api.MapDelete("/apps/{name}/install", async (HttpContext ctx, string name, EmulatorState s) =>
        {
            var (market, user, body) = await BeginAsync(ctx);
            var v1126 = MarketEmulator.IsV1126(s.OsVersion);
            var bad = v1126 ? BodyShape.Check(body, "app_name:s source:s sync:T", "version:s") : BodyShape.Check(body, "sync:T", "");
            if (bad is not null) return Fail(400, bad);
            var row = market.FindRow(user, name, v1126 ? body!.Value.GetString("source") : null);
            if (row is null) return Fail(404, $"app {name} not found");
            if (!MarketEmulator.IsCancelable(row.State)) return Fail(400, $"nothing to cancel: {name} is {row.State}");
            market.Start(user, "cancel", name, row.Source);
            return Ok(new { app_name = name }, "cancel started");
        });

        api.MapDelete("/apps/{name}", async (HttpContext ctx, string name, EmulatorState s) =>
        {
            var (market, user, body) = await BeginAsync(ctx);
            var v1126 = MarketEmulator.IsV1126(s.OsVersion);
            var bad = v1126
                ? BodyShape.Check(body, "app_name:s source:s sync:T all:b deleteData:b", "version:s")
                : BodyShape.Check(body, "sync:T all:b deleteData:b", "");
            if (bad is not null) return Fail(400, bad);
            var row = market.FindRow(user, name, v1126 ? body!.Value.GetString("source") : null);
            if (row is null || row.State == "uninstalled") return Fail(404, $"app {name} is not installed");
            if (MarketEmulator.IsCancelable(row.State)) return Fail(400, $"cannot uninstall {name} while {row.State}; cancel it first");
            market.Start(user, "uninstall", name, row.Source);
            return Ok(new { app_name = name }, "uninstall started");
        });

        // Stop and resume: a no-op when the app is already there, else the operation from the allowed states.
        api.MapPost("/apps/stop", (HttpContext ctx, EmulatorState s) =>
            StopOrResumeAsync(ctx, s, "stop", "all:b", done: "stopped", from: new[] { "running" }));

        api.MapPost("/apps/resume", (HttpContext ctx, EmulatorState s) =>
            StopOrResumeAsync(ctx, s, "resume", "", done: "running", from: new[] { "stopped", "resumingCanceled", "resumeFailed" }));

        api.MapPost("/apps/restart", async (HttpContext ctx, EmulatorState s) =>
        {
            var (market, user, body) = await BeginAsync(ctx);
            if (!MarketEmulator.IsV1126(s.OsVersion)) return Fail(404, "404 page not found");
            var bad = BodyShape.Check(body, "app_name:s source:s", "computeBinding:s");
            if (bad is not null) return Fail(400, bad);
            var b = body!.Value;
            var name = b.GetString("app_name")!;
            var row = market.FindRow(user, name, b.GetString("source"));
            if (row is null) return Fail(404, $"app {name} is not installed");
            if (row.State is not ("running" or "stopped")) return Fail(400, $"cannot restart {name} while {row.State}");
            market.Start(user, "restart", name, row.Source);
            return Ok(new { app_name = name }, "restart started");
        });

        api.MapPost("/apps/upload", async (HttpContext ctx) =>
        {
            var market = ctx.RequestServices.GetRequiredService<EmulatorState>().Market();
            var user = ctx.GetOlaresUserName()!;
            if (!ctx.Request.HasFormContentType) { market.Record("POST", "/apps/upload", user, null); return Fail(400, "expected multipart/form-data"); }
            var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
            var chart = form.Files.GetFile("chart");
            var source = form["source"].ToString();
            market.Record("POST", "/apps/upload", user, JsonSerializer.SerializeToElement(new
            {
                source, chart = chart?.FileName, chartLength = chart?.Length ?? 0, fields = form.Keys.OrderBy(k => k).ToList(),
            }));
            if (chart is null || string.IsNullOrEmpty(source)) return Fail(400, "fields 'chart' and 'source' are required");
            await using var stream = chart.OpenReadStream();
            var meta = MarketEmulator.ReadChart(stream);
            if (meta is not { } m) return Fail(400, "the chart has no readable Chart.yaml");
            market.AddUploadedVersion(source, m.Name, m.Version);
            return Ok(new { app_name = m.Name, version = m.Version, source }, "chart uploaded");
        });

        api.MapDelete("/local-apps/delete", async (HttpContext ctx) =>
        {
            var (market, user, body) = await BeginAsync(ctx);
            var bad = BodyShape.Check(body, "app_name:s app_version:s source:s", "");
            if (bad is not null) return Fail(400, bad);
            var b = body!.Value;
            var name = b.GetString("app_name")!;
            var version = b.GetString("app_version")!;
            var source = b.GetString("source")!;
            var row = market.FindRow(user, name, source);
            if (row is not null && row.Version == version && row.State != "uninstalled") return Fail(400, $"{name} {version} is installed; uninstall it first");
            return market.RemoveVersion(source, name, version) ? Ok(new { app_name = name, app_version = version }, "deleted") : Fail(404, $"{name} {version} not found in {source}");
        });
    }

    /// <summary>POST /apps/stop|resume: 1.12.5 names the app as appName, 1.12.6+ as app_name with its source.</summary>
    private static async Task<IResult> StopOrResumeAsync(HttpContext ctx, EmulatorState s, string op, string extra, string done, string[] from)
    {
        var (market, user, body) = await BeginAsync(ctx);
        var v1126 = MarketEmulator.IsV1126(s.OsVersion);
        var bad = BodyShape.Check(body, (v1126 ? "app_name:s source:s " : "appName:s ") + extra, "");
        if (bad is not null) return Fail(400, bad);
        var b = body!.Value;
        var name = (v1126 ? b.GetString("app_name") : b.GetString("appName"))!;
        var row = market.FindRow(user, name, v1126 ? b.GetString("source") : null);
        if (row is null) return Fail(404, $"app {name} is not installed");
        if (row.State == done) return Ok(new { app_name = name }, "already " + done);
        if (!from.Contains(row.State)) return Fail(400, $"cannot {op} {name} while {row.State}");
        market.Start(user, op, name, row.Source);
        return Ok(new { app_name = name }, op + " started");
    }

    private static bool CanInstallOver(string state)
        => state is "uninstalled" or "downloadFailed" or "installFailed" || state.EndsWith("Canceled", StringComparison.Ordinal);

    private static Dictionary<string, string> Envs(JsonElement body)
    {
        var envs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.TryGetProperty("envs", out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var e in list.EnumerateArray())
                if (e.ValueKind == JsonValueKind.Object && e.GetString("envName") is { } n) envs[n] = e.GetString("value") ?? "";
        return envs;
    }

    /// <summary>A failed env/compute check, shaped as the real market forwards app-service's 422 (or directly, as a knob).</summary>
    private static IResult CheckFailed(MarketEmulator market, string op, string name, string type, object data)
    {
        // A dictionary: the web serializer would camel-case a "Data" property, and app-service spells it with a capital D.
        var check = new Dictionary<string, object> { ["type"] = type, ["Data"] = data };
        if (market.EnvCheckStyle == "direct") return Results.Json(new { success = false, message = "app check failed", data = check }, statusCode: 422);
        return Results.Json(new
        {
            success = false,
            message = "Installation failed: opID not found in response data",
            data = new
            {
                operation = op,
                app_name = name,
                status = "failed",
                error = "check failed",
                opID = "",
                backend_response = new { code = 422, data = check },
            },
        }, statusCode: 500);
    }

    private static (MarketEmulator Market, string User) Begin(HttpContext ctx, JsonElement? body)
    {
        var market = ctx.RequestServices.GetRequiredService<EmulatorState>().Market();
        var user = ctx.GetOlaresUserName()!;
        var path = (ctx.Request.Path.Value ?? "")[("/market" + ApiPrefix).Length..];
        market.Record(ctx.Request.Method, path, user, body);
        return (market, user);
    }

    private static async Task<(MarketEmulator Market, string User, JsonElement? Body)> BeginAsync(HttpContext ctx)
    {
        JsonElement? body = null;
        try
        {
            using var doc = await JsonDocument.ParseAsync(ctx.Request.Body, default, ctx.RequestAborted);
            body = doc.RootElement.Clone();
        }
        catch (JsonException) { }
        var (market, user) = Begin(ctx, body);
        return (market, user, body);
    }

    internal static IResult Ok(object data, string message = "success") => Results.Json(new { success = true, message, data });

    internal static IResult Fail(int status, string message) => Results.Json(new { success = false, message, data = (object?)null }, statusCode: status);
}

/// <summary>
/// Strict body checks: "name:t" pairs, t = s (string), b (bool), T (must be true), a (array). Every required key must be
/// there with its type; any other key than the required and optional ones is refused, so a body of the other
/// Olares version's shape fails.
/// </summary>
internal static class BodyShape
{
    public static string? Check(JsonElement? body, string required, string optional)
    {
        if (body is not { ValueKind: JsonValueKind.Object } b) return "body must be a JSON object";
        var allowed = new Dictionary<string, char>(StringComparer.Ordinal);
        foreach (var spec in Specs(optional)) allowed[spec.Name] = spec.Type;
        foreach (var (name, type) in Specs(required))
        {
            allowed[name] = type;
            if (!b.TryGetProperty(name, out _)) return $"missing field '{name}'";
        }
        foreach (var p in b.EnumerateObject())
        {
            if (!allowed.TryGetValue(p.Name, out var type)) return $"unexpected field '{p.Name}'";
            var ok = type switch
            {
                's' => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Length > 0,
                'b' => p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                'T' => p.Value.ValueKind == JsonValueKind.True,
                'a' => p.Value.ValueKind == JsonValueKind.Array,
                _ => false,
            };
            if (!ok) return $"field '{p.Name}' has the wrong type or value";
        }
        return null;
    }

    private static IEnumerable<(string Name, char Type)> Specs(string text)
        => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => (s[..s.IndexOf(':')], s[^1]));
}

/// <summary>GET /desktop/api/users/v2: the users of the instance (uninstall's cascade rule on 1.12.5 counts them).</summary>
internal sealed class MarketUsersEndpoint : IEmulatorService
{
    public string Name => "desktop/api/users";

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        group.MapGet("/v2", (EmulatorState s) =>
        {
            var users = s.Users;
            return EmulatorHttp.Ok(new { items = users.Select(u => new { name = u.Name, owner_role = u.OwnerRole }).ToList(), totals = users.Count });
        }).RequireOlaresAuth();
    }
}

/// <summary>
/// Market knobs under /_admin/market (no auth, not recorded): config {stepMs, envCheckStyle, keepUninstalledRows},
/// reset, fault {app, kind: fail|hang|vanish|cancel, state?, operation?, reason?, message?}, env {app, envName, required?, regex?, ref?},
/// row (POST {user, name, source?, state, opType?, progress?, reason?, statusTime?, version?}; DELETE ?user=&amp;name=),
/// GET rows?user=, GET requests.
/// </summary>
internal sealed class MarketAdminEndpoints : IEmulatorService
{
    public string Name => AdminEndpoints.Prefix + "/market";

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        group.MapPost("/config", async (HttpContext ctx, EmulatorState s) =>
        {
            var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
            if (body is not { } b) return Bad("body must be a JSON object");
            var market = s.Market();
            try
            {
                if (b.GetInt("stepMs") is { } step) market.StepMs = step;
                if (b.GetString("envCheckStyle") is { } style) market.EnvCheckStyle = style;
                if (EmulatorHttp.TryGetPropertyIgnoreCase(b, "keepUninstalledRows", out var keep)) market.KeepUninstalledRows = keep.ValueKind == JsonValueKind.True;
            }
            catch (Exception e) when (e is FormatException or ArgumentException) { return Bad(e.Message); }
            return Results.Json(new { ok = true, stepMs = market.StepMs, envCheckStyle = market.EnvCheckStyle, keepUninstalledRows = market.KeepUninstalledRows });
        });

        group.MapPost("/reset", (EmulatorState s) => { s.Market().Reset(); return Results.Json(new { ok = true }); });

        group.MapPost("/fault", async (HttpContext ctx, EmulatorState s) =>
        {
            var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
            if (body is not { } b) return Bad("body must be a JSON object");
            try
            {
                var app = b.GetString("app");
                if (string.IsNullOrEmpty(app)) return Bad("'app' is required");
                s.Market().AddFault(new MarketFault(app, b.GetString("kind") ?? "fail", b.GetString("state"), b.GetString("operation"), b.GetString("reason"), b.GetString("message")));
            }
            catch (Exception e) when (e is FormatException or ArgumentException) { return Bad(e.Message); }
            return Results.Json(new { ok = true });
        });

        group.MapPost("/env", async (HttpContext ctx, EmulatorState s) =>
        {
            var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
            if (body is not { } b) return Bad("body must be a JSON object");
            try
            {
                var app = b.GetString("app");
                var env = b.GetString("envName");
                if (string.IsNullOrEmpty(app) || string.IsNullOrEmpty(env)) return Bad("'app' and 'envName' are required");
                var required = !EmulatorHttp.TryGetPropertyIgnoreCase(b, "required", out var r) || r.ValueKind != JsonValueKind.False;
                s.Market().AddEnv(app, new MarketEnvSpec(env, required, b.GetString("regex"), b.GetString("ref")));
            }
            catch (Exception e) when (e is FormatException or ArgumentException) { return Bad(e.Message); }
            return Results.Json(new { ok = true });
        });

        group.MapPost("/row", async (HttpContext ctx, EmulatorState s) =>
        {
            var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
            if (body is not { } b) return Bad("body must be a JSON object");
            try
            {
                var user = b.GetString("user");
                var name = b.GetString("name");
                var st = b.GetString("state");
                if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(name) || st is null) return Bad("'user', 'name' and 'state' are required");
                var time = b.GetString("statusTime") is { } t ? DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
                s.Market().SetRow(user, name, b.GetString("source") ?? "market.olares", st, b.GetString("opType") ?? "", b.GetString("progress") ?? "",
                    b.GetString("reason") ?? "", b.GetString("message") ?? "", time, b.GetString("version"));
            }
            catch (Exception e) when (e is FormatException or ArgumentException) { return Bad(e.Message); }
            return Results.Json(new { ok = true });
        });

        group.MapDelete("/row", (string? user, string? name, EmulatorState s) =>
            string.IsNullOrEmpty(user) || string.IsNullOrEmpty(name) ? Bad("query 'user' and 'name' are required")
                : Results.Json(new { ok = true, removed = s.Market().RemoveRow(user, name) }));

        group.MapGet("/rows", (string? user, EmulatorState s) =>
            string.IsNullOrEmpty(user) ? Bad("query 'user' is required") : Results.Json(s.Market().Rows(user)));

        group.MapGet("/requests", (EmulatorState s) => Results.Json(s.Market().Requests));
    }

    private static IResult Bad(string message) => Results.Json(new { ok = false, message }, statusCode: StatusCodes.Status400BadRequest);
}
