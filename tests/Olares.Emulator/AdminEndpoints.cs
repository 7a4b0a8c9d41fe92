namespace Olares.Emulator;

/// <summary>Test control plane under /_admin (no auth, never recorded or counted).</summary>
internal sealed class AdminEndpoints : IEmulatorService
{
    internal const string Prefix = "_admin";

    public string Name => Prefix;

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        group.MapGet("/state", (EmulatorState s) => Results.Json(new
        {
            refreshCalls = s.RefreshCalls,
            refreshesAnswered = s.RefreshesAnswered,
            reuseDetections = s.ReuseDetections,
            hits = s.Hits,
            tokenLifetimeSeconds = s.TokenLifetimeSeconds,
            refreshLatencyMs = s.RefreshLatencyMs,
            osVersion = s.OsVersion,
        }));

        group.MapPost("/config", async (HttpContext ctx, EmulatorState s) =>
        {
            var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
            if (body is null) return BadRequest("body must be a JSON object");
            try
            {
                var lifetime = body.Value.GetInt("tokenLifetimeSeconds");
                var latency = body.Value.GetInt("refreshLatencyMs");
                var os = body.Value.GetString("osVersion");
                if (lifetime is not null) s.TokenLifetimeSeconds = lifetime.Value;
                if (latency is not null) s.RefreshLatencyMs = latency.Value;
                if (os is not null) s.OsVersion = os;
            }
            catch (FormatException e) { return BadRequest(e.Message); }
            return Results.Json(new { ok = true });
        });

        group.MapPost("/reset", (EmulatorState s) => { s.Reset(); return Results.Json(new { ok = true }); });

        // As if the server had just been started with these options ({users:["name:password[:role[:totp]]"],
        // tokenLifetimeSeconds, refreshLatencyMs, osVersion}; what is left out takes the default).
        group.MapPost("/reinitialize", async (HttpContext ctx, EmulatorState s) =>
        {
            var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
            if (body is null) return BadRequest("body must be a JSON object");
            var options = new EmulatorOptions();
            try
            {
                var b = body.Value;
                if (b.GetInt("tokenLifetimeSeconds") is int lifetime) options.TokenLifetimeSeconds = lifetime;
                if (b.GetInt("refreshLatencyMs") is int latency) options.RefreshLatencyMs = latency;
                if (b.GetString("osVersion") is string os) options.OsVersion = os;
                if (EmulatorHttp.TryGetPropertyIgnoreCase(b, "users", out var users) && users.ValueKind == System.Text.Json.JsonValueKind.Array)
                {
                    var list = users.EnumerateArray().Select(u => EmulatorCommandLine.ParseUser(u.GetString() ?? "")).ToList();
                    if (list.Count > 0) options.Users = list;
                }
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException) { return BadRequest(e.Message); }
            s.Reinitialize(options);
            return Results.Json(new { ok = true });
        });

        group.MapPost("/fail", async (HttpContext ctx, EmulatorState s) =>
        {
            var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
            if (body is null) return BadRequest("body must be a JSON object");
            try
            {
                var target = body.Value.GetString("target");
                if (string.IsNullOrWhiteSpace(target)) return BadRequest("'target' is required");
                s.InjectFailure(
                    target,
                    body.Value.GetInt("status") ?? 500,
                    body.Value.GetInt("count") ?? 1,
                    body.Value.GetString("kind") ?? "status",
                    body.Value.GetString("body"));
            }
            catch (Exception e) when (e is FormatException or ArgumentException) { return BadRequest(e.Message); }
            return Results.Json(new { ok = true });
        });

        group.MapPost("/revoke", (string? user, EmulatorState s) =>
            string.IsNullOrEmpty(user) ? BadRequest("query 'user' is required") : Results.Json(new { ok = true, revoked = s.RevokeUser(user) }));

        group.MapPost("/expire-tokens", (EmulatorState s) => { s.ExpireAllAccessTokens(); return Results.Json(new { ok = true }); });

        group.MapGet("/requests", (EmulatorState s) => Results.Json(s.Requests));

        group.MapPost("/users", async (HttpContext ctx, EmulatorState s) =>
        {
            var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
            if (body is null) return BadRequest("body must be a JSON object");
            try
            {
                var name = body.Value.GetString("name");
                var password = body.Value.GetString("password");
                if (string.IsNullOrEmpty(name) || password is null) return BadRequest("'name' and 'password' are required");
                s.AddOrReplaceUser(new EmulatorUser
                {
                    Name = name,
                    Password = password,
                    OwnerRole = body.Value.GetString("ownerRole") ?? body.Value.GetString("owner_role") ?? "owner",
                    TotpCode = body.Value.GetString("totpCode"),
                });
            }
            catch (FormatException e) { return BadRequest(e.Message); }
            return Results.Json(new { ok = true });
        });
    }

    private static IResult BadRequest(string message) => Results.Json(new { ok = false, message }, statusCode: StatusCodes.Status400BadRequest);
}
