namespace Olares.Emulator;

/// <summary>
/// A sliver of the settings service, enough for raw API examples: POST /settings/api/wallpaper/update/language with
/// {"language": "..."} records the user's language and answers the settings envelope {code, message, data}.
/// </summary>
internal sealed class SettingsEndpoints : IEmulatorService
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Languages = new(StringComparer.Ordinal);

    public string Name => "settings";

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        group.RequireOlaresAuth();
        group.MapPost("/api/wallpaper/update/language", async (HttpContext ctx, EmulatorState s) =>
        {
            var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
            string? language = null;
            try { language = body is { } b ? b.GetString("language") : null; } catch (FormatException) { }
            if (string.IsNullOrWhiteSpace(language)) return Results.Json(new { code = 400, message = "language is required" }, statusCode: 400);
            Languages[ctx.GetOlaresUserName() ?? string.Empty] = language!;
            return Results.Json(new { code = 0, message = "", data = new { language } });
        }).WithFailureTarget("settings");
    }
}
