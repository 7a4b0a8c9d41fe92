using System.IO.Compression;
using System.Text;

namespace Olares.Emulator;

/// <summary>
/// Answers of a broken or hostile server, used as injected failure kinds ("stall", "short", "gzipbomb",
/// "redirect"): things a well-behaved ASP.NET endpoint cannot produce, written straight to the connection.
/// </summary>
internal static class HostileAnswers
{
    /// <summary>What a gzip bomb inflates to: 1 GiB of zeros.</summary>
    public const long GzipBombInflatedBytes = 1L << 30;

    /// <summary>How long a stalled answer waits before giving up on its own (the client normally leaves first).</summary>
    public static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(5);

    /// <summary>The first bytes of a stalled or cut-short body: the start of a JSON envelope.</summary>
    public const string FirstBytes = "{\"code\":0,";

    // 1 MiB of zeros compresses to about 1 KiB; gzip allows members to be concatenated, so 1024 copies of one member
    // make a body of about 1 MiB that inflates to 1 GiB, without compressing 1 GiB here.
    private static readonly Lazy<byte[]> Bomb = new(() =>
    {
        using var member = new MemoryStream();
        using (var gzip = new GZipStream(member, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(new byte[1 << 20]);
        }

        var one = member.ToArray();
        var copies = (int)(GzipBombInflatedBytes >> 20);
        var body = new byte[one.Length * copies];
        for (var i = 0; i < copies; i++) Buffer.BlockCopy(one, 0, body, i * one.Length, one.Length);
        return body;
    });

    /// <summary>The compressed bomb (exposed for the emulator's own tests).</summary>
    public static byte[] GzipBomb => Bomb.Value;

    /// <summary>200 JSON headers and the first bytes of the body, then nothing until the client goes away.</summary>
    public static IResult Stall() => new Answer(async ctx =>
    {
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        ctx.Response.ContentLength = 1000;
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(FirstBytes), ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        try
        {
            await Task.Delay(StallLimit, ctx.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    });

    /// <summary>Content-Length: 1000, ten bytes of it, then the connection is closed.</summary>
    public static IResult Short() => new Answer(async ctx =>
    {
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        ctx.Response.ContentLength = 1000;
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(FirstBytes), ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        // Returning short of the Content-Length makes Kestrel send what was written and then close the connection (FIN):
        // the client sees the body end early. (HttpContext.Abort would reset instead, possibly before the bytes left.)
    });

    /// <summary>200 "application/json" with Content-Encoding: gzip, about 1 MiB on the wire, 1 GiB inflated.</summary>
    public static IResult GzipBombAnswer(int status) => new Answer(async ctx =>
    {
        var body = Bomb.Value;
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        ctx.Response.Headers.ContentEncoding = "gzip";
        ctx.Response.ContentLength = body.Length;
        try
        {
            await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client stopped reading, as it should.
        }
    });

    /// <summary>A 302 to <paramref name="location"/>, or to the request's own URL (same origin) when null.</summary>
    public static IResult Redirect(string? location) => new Answer(ctx =>
    {
        var target = string.IsNullOrEmpty(location) ? ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString : location;
        ctx.Response.StatusCode = StatusCodes.Status302Found;
        ctx.Response.Headers.Location = target;
        return Task.CompletedTask;
    });

    private sealed class Answer(Func<HttpContext, Task> write) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => write(httpContext);
    }
}
