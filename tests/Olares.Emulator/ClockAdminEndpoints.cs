using System.Text.Json;

namespace Olares.Emulator;

/// <summary>
/// The server's clock under /_admin/clock (no auth, not recorded): GET reads it; POST {advanceMs, rate, reset}
/// moves it by advanceMs (negative: back), sets how many virtual seconds pass per real second, or puts it back to
/// real time. Tokens, the market's steps and the refresh latency run on this clock.
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
                if (EmulatorHttp.TryGetPropertyIgnoreCase(b, "rate", out var rate) && rate.ValueKind != JsonValueKind.Null)
                {
                    s.Clock.Rate = rate.ValueKind == JsonValueKind.Number ? rate.GetDouble() : throw new FormatException("'rate' must be a number");
                }
                if (EmulatorHttp.TryGetPropertyIgnoreCase(b, "advanceMs", out var advance) && advance.ValueKind != JsonValueKind.Null)
                {
                    s.Clock.Advance(TimeSpan.FromMilliseconds(advance.ValueKind == JsonValueKind.Number ? advance.GetDouble() : throw new FormatException("'advanceMs' must be a number")));
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException) { return BadRequest(e.Message); }
            return Results.Json(Describe(s.Clock));
        });
    }

    private static object Describe(EmulatorClock clock)
    {
        var now = clock.UtcNow;
        return new { now = now.ToString("O"), unixMs = now.ToUnixTimeMilliseconds(), offsetMs = (long)clock.Offset.TotalMilliseconds, rate = clock.Rate };
    }

    private static IResult BadRequest(string message) => Results.Json(new { ok = false, message }, statusCode: StatusCodes.Status400BadRequest);
}
