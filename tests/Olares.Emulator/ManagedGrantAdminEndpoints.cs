namespace Olares.Emulator;

/// <summary>
/// Platform-issued grants under /_admin/managed-grants (no auth, not recorded):
/// POST /_admin/managed-grants {user, fa2?} → {refreshToken} (write it into a credential.json);
/// POST /_admin/managed-grants/revoke {refreshToken} → {revoked}; GET /_admin/managed-grants/state → {managedRefreshes}.
/// </summary>
internal sealed class ManagedGrantAdminEndpoints : IEmulatorService
{
    public string Name => AdminEndpoints.Prefix;

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        group.MapPost("/managed-grants", async (HttpContext ctx, EmulatorState s) =>
        {
            var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
            if (body is null) return BadRequest("body must be a JSON object");
            string? user;
            try { user = body.Value.GetString("user"); }
            catch (FormatException e) { return BadRequest(e.Message); }
            if (string.IsNullOrEmpty(user)) return BadRequest("'user' is required");
            var fa2 = EmulatorHttp.TryGetPropertyIgnoreCase(body.Value, "fa2", out var f) && f.ValueKind == System.Text.Json.JsonValueKind.True;
            return Results.Json(new { ok = true, refreshToken = s.IssueManagedGrant(user, fa2) });
        });

        group.MapPost("/managed-grants/revoke", async (HttpContext ctx, EmulatorState s) =>
        {
            var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
            if (body is null) return BadRequest("body must be a JSON object");
            string? token;
            try { token = body.Value.GetString("refreshToken"); }
            catch (FormatException e) { return BadRequest(e.Message); }
            if (string.IsNullOrEmpty(token)) return BadRequest("'refreshToken' is required");
            return Results.Json(new { ok = true, revoked = s.RevokeManagedGrant(token) });
        });

        group.MapGet("/managed-grants/state", (EmulatorState s) => Results.Json(new { managedRefreshes = s.ManagedRefreshes }));
    }

    private static IResult BadRequest(string message) => Results.Json(new { ok = false, message }, statusCode: StatusCodes.Status400BadRequest);
}
