using System.Security.Cryptography;

namespace Olares.Emulator;

/// <summary>The desktop service: user-info, olares-info, and /_test helpers. Everything needs X-Authorization.</summary>
internal sealed class DesktopEndpoints : IEmulatorService
{
    internal const string Domain = "olares.com";

    public string Name => "desktop";

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        var api = group.MapGroup("/api").RequireOlaresAuth();

        api.MapGet("/backend/v1/user-info", (HttpContext ctx) =>
        {
            var user = ctx.GetOlaresUser()!;
            var tn = $"{user.Name}.{Domain}";
            return EmulatorHttp.Ok(new { name = user.Name, owner_role = user.OwnerRole, terminusName = tn, zone = tn });
        }).WithFailureTarget(FailureTargets.UserInfo);

        api.MapGet("/olares-info", (HttpContext ctx, EmulatorState s) =>
            EmulatorHttp.Ok(new
            {
                olaresId = $"{ctx.GetOlaresUserName()}@{Domain}",
                wizardStatus = "completed",
                enableReverseProxy = false,
                tailScaleEnable = true,
                osVersion = s.OsVersion,
                loginBackground = "",
                avatar = "",
                id = "emulator-" + ctx.GetOlaresUserName(),
                did = "did:key:emulator-" + ctx.GetOlaresUserName(),
                olaresd = "1.12.0-emulator",
                style = "",
            }))
            .WithFailureTarget(FailureTargets.OlaresInfo);

        api.MapMethods("/_test/echo", new[] { "GET", "POST", "PUT", "PATCH", "DELETE" }, async (HttpContext ctx) =>
        {
            var length = await DrainAsync(ctx.Request.Body, null, ctx.RequestAborted);
            var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            return Results.Json(new
            {
                method = ctx.Request.Method,
                path = ctx.Request.Path.Value ?? "",
                query = ctx.Request.QueryString.Value ?? "",
                headers,
                bodyLength = length,
                user = ctx.GetOlaresUserName(),
            });
        });

        api.MapGet("/_test/redirect", (string? to) =>
            string.IsNullOrEmpty(to) || !Uri.TryCreate(to, UriKind.Absolute, out _)
                ? Results.Json(new { code = 400, message = "query 'to' must be an absolute URL" }, statusCode: 400)
                : Results.Redirect(to, permanent: false));

        api.MapPost("/_test/consume", async (HttpContext ctx) =>
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var length = await DrainAsync(ctx.Request.Body, sha, ctx.RequestAborted);
            return Results.Json(new { length, sha256 = Convert.ToHexStringLower(sha.GetHashAndReset()) });
        });
    }

    private static async Task<long> DrainAsync(Stream body, IncrementalHash? hash, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = await body.ReadAsync(buffer, ct)) > 0)
        {
            hash?.AppendData(buffer, 0, n);
            total += n;
        }
        return total;
    }
}
