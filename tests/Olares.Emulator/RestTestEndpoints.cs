using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Olares.Emulator;

/// <summary>
/// Endpoints for testing raw API calls (Invoke-OlaresRestMethod), under /desktop/api/_rest (X-Authorization required):
/// echo (any method; the body comes back as text with its length and SHA-256), bytes?size=N[&amp;seed=S] (N generated
/// bytes streamed with Content-Length and their SHA-256 in X-Content-Sha256), array, text, status?code=N, dupkeys
/// (JSON keys differing only in case), html-as-json (an HTML page declared as JSON), and redirect?to=URL.
/// Failure target: "rest".
/// </summary>
internal sealed class RestTestEndpoints : IEmulatorService
{
    public string Name => "desktop/api/_rest";

    // Handlers take a second parameter so that C# cannot bind them as a plain RequestDelegate (filters would not run).
    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        group.RequireOlaresAuth();
        group.MapMethods("/echo", new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" }, (HttpContext ctx, EmulatorState s) => EchoAsync(ctx, ctx.GetOlaresUserName()))
            .WithFailureTarget("rest");
        group.MapGet("/bytes", (long? size, int? seed) => new GeneratedBytesResult(size ?? 0, seed ?? 0)).WithFailureTarget("rest");
        group.MapGet("/array", () => Results.Json(new object[] { new { id = 1, name = "one" }, new { id = 2, name = "two" }, new { id = 3, name = "three" } }));
        group.MapGet("/text", () => Results.Text("plain words\n", "text/plain", Encoding.UTF8));
        group.MapGet("/status", (int? code) => Results.Json(new { code = code ?? 500, message = "status " + (code ?? 500) + " as asked" }, statusCode: code ?? 500));
        group.MapGet("/dupkeys", () => Results.Content("{\"a\":1,\"A\":2}", "application/json"));
        group.MapGet("/html-as-json", () => Results.Content(InjectedFailure.HtmlPage, "application/json"));
        group.MapGet("/redirect", (string? to) => string.IsNullOrEmpty(to) ? Results.BadRequest() : Results.Redirect(to, permanent: false, preserveMethod: true));
    }

    internal static async Task<IResult> EchoAsync(HttpContext ctx, string? user)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await ctx.Request.Body.ReadAsync(buffer, ctx.RequestAborted)) > 0)
        {
            sha.AppendData(buffer, 0, n);
            if (copy.Length < 1024 * 1024) copy.Write(buffer, 0, n);
        }

        var headers = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return Results.Json(new
        {
            method = ctx.Request.Method,
            path = ctx.Request.Path.Value ?? "",
            query = ctx.Request.QueryString.Value ?? "",
            contentType = ctx.Request.ContentType,
            bodyLength = ctx.Request.ContentLength ?? copy.Length,
            body = Encoding.UTF8.GetString(copy.ToArray()),
            sha256 = Convert.ToHexStringLower(sha.GetHashAndReset()),
            headers,
            user,
        });
    }
}

/// <summary>Unauthenticated endpoints under /public, to play "another origin": echo (any method) and redirect?to=URL.</summary>
internal sealed class PublicTestEndpoints : IEmulatorService
{
    public string Name => "public";

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        group.MapMethods("/echo", new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" }, (HttpContext ctx, EmulatorState s) => RestTestEndpoints.EchoAsync(ctx, null));
        group.MapGet("/redirect", (string? to) => string.IsNullOrEmpty(to) ? Results.BadRequest() : Results.Redirect(to, permanent: false, preserveMethod: true));
    }
}

/// <summary>
/// Streams <c>size</c> deterministic bytes (a function of position and seed) with Content-Length, without holding them
/// in memory; X-Content-Sha256 carries their hash (computed by generating them once before sending).
/// </summary>
internal sealed class GeneratedBytesResult(long size, int seed) : IResult
{
    private const int Block = 64 * 1024;

    public async Task ExecuteAsync(HttpContext ctx)
    {
        if (size < 0) { ctx.Response.StatusCode = StatusCodes.Status400BadRequest; return; }
        var buffer = new byte[Block];
        using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            for (long at = 0; at < size; at += Block)
            {
                var n = (int)Math.Min(Block, size - at);
                Fill(buffer, at, n, seed);
                sha.AppendData(buffer, 0, n);
            }

            ctx.Response.Headers["X-Content-Sha256"] = Convert.ToHexStringLower(sha.GetHashAndReset());
        }

        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "application/octet-stream";
        ctx.Response.ContentLength = size;
        for (long at = 0; at < size; at += Block)
        {
            var n = (int)Math.Min(Block, size - at);
            Fill(buffer, at, n, seed);
            await ctx.Response.Body.WriteAsync(buffer.AsMemory(0, n), ctx.RequestAborted);
        }
    }

    internal static void Fill(byte[] buffer, long position, int count, int seed)
    {
        for (var i = 0; i < count; i++)
        {
            var p = position + i;
            buffer[i] = (byte)((p * 31) ^ (p >> 9) ^ (p >> 17) ^ seed);
        }
    }

    public override string ToString() => size.ToString(CultureInfo.InvariantCulture);
}
