using System.Text.Json;

namespace Olares.Emulator;

/// <summary>
/// The server's clock under /_admin/clock (no auth, not recorded): GET reads it; POST {reset, advanceMs,
/// advancePerRequestMs} puts it back to real time, moves it by advanceMs (negative: back), or sets how far each
/// request to a service moves it. Tokens, the market's steps and the refresh latency run on this clock.
/// </summary>
internal sealed class ClockAdminEndpoints : IEmulatorService
{
    public string Name => AdminEndpoints.Prefix;

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        group.MapGet("/clock", (EmulatorState s) => Results.Json(Describe(s.Clock)));

        group.MapPost("/clock", async (HttpContext ctx, EmulatorState s) =>
        {
            var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
            if (body is null) return BadRequest("body must be a JSON object");
            var b = body.Value;
            try
            {
                if (EmulatorHttp.TryGetPropertyIgnoreCase(b, "reset", out var reset) && reset.ValueKind == JsonValueKind.True) s.Clock.Reset();
                if (Number(b, "advancePerRequestMs") is double step) s.Clock.AdvancePerRequest = TimeSpan.FromMilliseconds(step);
                if (Number(b, "advanceMs") is double advance) s.Clock.Advance(TimeSpan.FromMilliseconds(advance));
            }
            catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException) { return BadRequest(e.Message); }
            return Results.Json(Describe(s.Clock));
        });
    }

    private static double? Number(JsonElement body, string name)
    {
        if (!EmulatorHttp.TryGetPropertyIgnoreCase(body, name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new FormatException($"'{name}' must be a number");
    }

    private static object Describe(EmulatorClock clock)
    {
        var now = clock.UtcNow;
        return new
        {
            now = now.ToString("O"),
            unixMs = now.ToUnixTimeMilliseconds(),
            offsetMs = (long)clock.Offset.TotalMilliseconds,
            advancePerRequestMs = clock.AdvancePerRequest.TotalMilliseconds,
        };
    }

    private static IResult BadRequest(string message) => Results.Json(new { ok = false, message }, statusCode: StatusCodes.Status400BadRequest);
}
