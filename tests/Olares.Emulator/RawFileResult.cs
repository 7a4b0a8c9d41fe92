using System.Globalization;

namespace Olares.Emulator;

/// <summary>
/// Sends a stored file for /api/raw: "Range: bytes=a-", "a-b" and "-n" give 206 with Content-Range, a range past the
/// end gives 416 with "bytes */length", anything else the whole file (200). Can cut the connection after some bytes
/// throttle the rate, or stop sending after some bytes and keep the connection open (knobs of <see cref="FilesState"/>).
/// </summary>
internal sealed class RawFileResult(string path, string range, bool inline, long? dropAfter, int throttleKiBps, long? stallAfter = null) : IResult
{
    public async Task ExecuteAsync(HttpContext ctx)
    {
        var length = new FileInfo(path).Length;
        long from = 0, count = length;
        var response = ctx.Response;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ContentDisposition = (inline ? "inline" : "attachment") + "; filename*=UTF-8''" + Uri.EscapeDataString(Path.GetFileName(path));
        if (TryParseRange(range, length, out var a, out var b, out var unsatisfiable))
        {
            if (unsatisfiable)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = "bytes */" + length.ToString(CultureInfo.InvariantCulture);
                return;
            }

            from = a;
            count = b - a + 1;
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = FormattableString.Invariant($"bytes {a}-{b}/{length}");
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
        }

        response.ContentType = "application/octet-stream";
        response.ContentLength = count;
        var limit = dropAfter ?? stallAfter;
        if (limit is null && throttleKiBps <= 0)
        {
            await response.SendFileAsync(path, from, count, ctx.RequestAborted);
            return;
        }

        await using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        fs.Position = from;
        var buffer = new byte[throttleKiBps > 0 ? 16 * 1024 : 64 * 1024];
        long sent = 0;
        while (sent < count)
        {
            var want = (int)Math.Min(buffer.Length, count - sent);
            if (limit is long most) want = (int)Math.Max(0, Math.Min(want, most - sent));
            if (want == 0) break;
            var n = await fs.ReadAsync(buffer.AsMemory(0, want), ctx.RequestAborted);
            if (n == 0) break;
            await response.Body.WriteAsync(buffer.AsMemory(0, n), ctx.RequestAborted);
            sent += n;
            if (throttleKiBps > 0)
            {
                await response.Body.FlushAsync(ctx.RequestAborted);
                await Task.Delay(TimeSpan.FromSeconds(n / (throttleKiBps * 1024.0)), ctx.RequestAborted);
            }
        }

        if (stallAfter is not null && sent < count)
        {
            await response.Body.FlushAsync(ctx.RequestAborted);
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
        }

        if (dropAfter is not null && sent < count)
        {
            // Let the client take in what was sent before the connection is reset (a reset discards unread data).
            await response.Body.FlushAsync(ctx.RequestAborted);
            await Task.Delay(300, ctx.RequestAborted);
            ctx.Abort();
        }
    }

    /// <summary>One "bytes=" range; false for none, several, or a malformed header (then the whole file is sent).</summary>
    internal static bool TryParseRange(string header, long length, out long from, out long to, out bool unsatisfiable)
    {
        from = to = 0;
        unsatisfiable = false;
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return false;
        var spec = header[6..].Trim();
        if (spec.Contains(',')) return false;
        var dash = spec.IndexOf('-');
        if (dash < 0) return false;
        var left = spec[..dash].Trim();
        var right = spec[(dash + 1)..].Trim();
        if (left.Length == 0)
        {
            if (!long.TryParse(right, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix)) return false;
            if (suffix == 0 || length == 0) { unsatisfiable = true; return true; }
            from = Math.Max(0, length - suffix);
            to = length - 1;
            return true;
        }

        if (!long.TryParse(left, NumberStyles.None, CultureInfo.InvariantCulture, out from)) return false;
        if (right.Length == 0) to = length - 1;
        else if (!long.TryParse(right, NumberStyles.None, CultureInfo.InvariantCulture, out to) || to < from) return false;
        if (from >= length) { unsatisfiable = true; return true; }
        to = Math.Min(to, length - 1);
        return true;
    }
}
