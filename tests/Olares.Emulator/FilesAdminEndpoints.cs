using System.Text.Json;

namespace Olares.Emulator;

/// <summary>
/// Knobs and counters of the files service under /_admin/files (no auth, not recorded):
/// POST /_admin/files/config {failChunk:{number,status,count}, dropDownload:{afterBytes,count},
/// hostile:{folder,names:[...]}, hostileEntries:{folder,entries:[{name,size,modified,...}]}, listingOverride:{path,values:{...}},
/// stallDownload:{afterBytes,count}, stallChunks:n, resetListings:n, chunkDelayMs, rawThrottleKiBps, taskDelayMs,
/// failNextTask:"reason"};
/// GET /_admin/files/state.
/// </summary>
internal sealed class FilesAdminEndpoints : IEmulatorService
{
    public string Name => AdminEndpoints.Prefix;

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        group.MapGet("/files/state", (EmulatorState s) => Results.Json(new
        {
            root = s.Files.Root,
            chunkPosts = s.Files.ChunkPosts,
            chunkMismatches = s.Files.ChunkMismatches,
            drops = s.Files.Drops,
            chunkReceipts = s.Files.ChunkReceipts,
            rangeHeaders = s.Files.RangeHeaders,
        }));

        group.MapPost("/files/config", async (HttpContext ctx, EmulatorState s) =>
        {
            var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
            if (body is null) return BadRequest("body must be a JSON object");
            try
            {
                var b = body.Value;
                if (EmulatorHttp.TryGetPropertyIgnoreCase(b, "failChunk", out var fc) && fc.ValueKind == JsonValueKind.Object)
                    s.Files.FailChunk(fc.GetInt("number") ?? 1, fc.GetInt("status") ?? 503, fc.GetInt("count") ?? 1);
                if (EmulatorHttp.TryGetPropertyIgnoreCase(b, "dropDownload", out var dd) && dd.ValueKind == JsonValueKind.Object)
                    s.Files.DropDownloads(dd.GetInt("afterBytes") ?? 0, dd.GetInt("count") ?? 1);
                if (EmulatorHttp.TryGetPropertyIgnoreCase(b, "hostile", out var h) && h.ValueKind == JsonValueKind.Object &&
                    EmulatorHttp.TryGetPropertyIgnoreCase(h, "names", out var names) && names.ValueKind == JsonValueKind.Array)
                    s.Files.AddHostileNames(h.GetString("folder") ?? "", names.EnumerateArray().Select(n => n.GetString() ?? "").ToArray());
                if (EmulatorHttp.TryGetPropertyIgnoreCase(b, "hostileEntries", out var he) && he.ValueKind == JsonValueKind.Object &&
                    EmulatorHttp.TryGetPropertyIgnoreCase(he, "entries", out var entries) && entries.ValueKind == JsonValueKind.Array)
                    s.Files.AddHostileEntries(he.GetString("folder") ?? "", entries.EnumerateArray().Select(Members).ToArray());
                if (EmulatorHttp.TryGetPropertyIgnoreCase(b, "listingOverride", out var lo) && lo.ValueKind == JsonValueKind.Object &&
                    EmulatorHttp.TryGetPropertyIgnoreCase(lo, "values", out var values) && values.ValueKind == JsonValueKind.Object)
                    s.Files.OverrideListing(lo.GetString("path") ?? "", Members(values));
                if (EmulatorHttp.TryGetPropertyIgnoreCase(b, "stallDownload", out var sd) && sd.ValueKind == JsonValueKind.Object)
                    s.Files.StallDownloads(sd.GetInt("afterBytes") ?? 0, sd.GetInt("count") ?? 1);
                if (b.GetInt("stallChunks") is int sc) s.Files.StallChunks(sc);
                if (b.GetInt("resetListings") is int rl) s.Files.ResetListings(rl);
                if (b.GetInt("chunkDelayMs") is int cd) s.Files.ChunkDelayMs = cd;
                if (b.GetInt("rawThrottleKiBps") is int rt) s.Files.RawThrottleKiBps = rt;
                if (b.GetInt("taskDelayMs") is int td) s.Files.TaskDelayMs = td;
                if (b.GetString("failNextTask") is string reason) s.Files.FailNextTask(reason);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException) { return BadRequest(e.Message); }
            return Results.Json(new { ok = true });
        });
    }

    private static Dictionary<string, object?> Members(JsonElement obj)
    {
        if (obj.ValueKind != JsonValueKind.Object) throw new FormatException("listing entries must be JSON objects");
        return obj.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
    }

    private static IResult BadRequest(string message) => Results.Json(new { ok = false, message }, statusCode: StatusCodes.Status400BadRequest);
}
