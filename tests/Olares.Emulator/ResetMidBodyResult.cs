namespace Olares.Emulator;

/// <summary>
/// Sends the headers and the first half of another result's body, announcing the whole length, then resets the
/// connection: a transport failure in the middle of a JSON answer (not syntactically truncated JSON, which the
/// failure injection already offers).
/// </summary>
internal sealed class ResetMidBodyResult(IResult inner) : IResult
{
    public async Task ExecuteAsync(HttpContext ctx)
    {
        var original = ctx.Response.Body;
        using var captured = new MemoryStream();
        ctx.Response.Body = captured;
        try
        {
            await inner.ExecuteAsync(ctx);
        }
        finally
        {
            ctx.Response.Body = original;
        }

        var bytes = captured.ToArray();
        ctx.Response.ContentLength = bytes.Length;
        await original.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), ctx.RequestAborted);
        await original.FlushAsync(ctx.RequestAborted);
        // Let the client take in what was sent before the reset (a reset discards unread data).
        await Task.Delay(300, ctx.RequestAborted);
        ctx.Abort();
    }
}
