using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Olares.Emulator;

/// <summary>
/// The files service (protocol §6) over real files: listing, mkdir with the auto-rename quirk, DELETE with dirents,
/// PATCH rename, raw downloads with Range, nodes, the resumable chunk upload, paste tasks and cloud upload tasks.
/// Everything needs X-Authorization. Failure targets: resources, raw, nodes, uploaded-bytes, upload-link, chunk,
/// paste, task. Knobs and counters: <see cref="FilesState"/>.
/// </summary>
internal sealed class FilesEndpoints : IEmulatorService
{
    private const string ResourcesPrefix = "/files/api/resources";
    private const string RawPrefix = "/files/api/raw";

    public string Name => "files";

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        group.RequireOlaresAuth();
        group.MapGet("/api/resources/{**path}", List).WithFailureTarget("resources");
        group.MapPost("/api/resources/{**path}", Create).WithFailureTarget("resources");
        group.MapDelete("/api/resources/{**path}", DeleteAsync).WithFailureTarget("resources");
        group.MapPut("/api/resources/{**path}", SaveAsync).WithFailureTarget("resources");
        group.MapPatch("/api/resources/{**path}", Rename).WithFailureTarget("resources");
        group.MapGet("/api/raw/{**path}", Raw).WithFailureTarget("raw");
        group.MapGet("/drive/download_sync_stream", CloudRaw).WithFailureTarget("raw");
        group.MapGet("/api/nodes", () => Results.Json(new { code = 0, data = new { nodes = new[] { new { name = FilesState.Node, master = true } } } }))
            .WithFailureTarget("nodes");
        group.MapGet("/upload/file-uploaded-bytes/{node}", UploadedBytes).WithFailureTarget("uploaded-bytes");
        group.MapGet("/upload/upload-link/{node}", UploadLinkFor).WithFailureTarget("upload-link");
        group.MapPost("/seafhttp/upload-aj/{token}", ChunkAsync).WithFailureTarget("chunk");
        group.MapPatch("/api/paste/{node}", PasteAsync).WithFailureTarget("paste");
        group.MapGet("/api/task/{node}", TaskStatus).WithFailureTarget("task");
    }

    // ---- resources -----------------------------------------------------------------------------

    private static IResult List(HttpContext ctx, EmulatorState s)
    {
        var listing = BuildListing(ctx, s);
        return s.Files.TakeListingReset() ? new ResetMidBodyResult(listing) : listing;
    }

    private static IResult BuildListing(HttpContext ctx, EmulatorState s)
    {
        if (!TryTarget(ctx, s, ResourcesPrefix, out var fe, out _, out var phys, out var error)) return error!;
        if (File.Exists(phys)) return Error(500, "cannot list a file: " + fe);
        if (!Directory.Exists(phys)) return Error(404, "not found: " + fe);
        var dir = new DirectoryInfo(phys);
        var entries = dir.GetFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var cloud = FilesState.CloudTypes.Contains(fe.Split('/')[0]);
        var items = new List<Dictionary<string, object?>>();
        foreach (var e in entries)
        {
            var isDir = e is DirectoryInfo;
            var size = isDir ? 0 : ((FileInfo)e).Length;
            items.Add(cloud
                ? new() { ["name"] = e.Name, ["isDir"] = isDir, ["fileSize"] = size, ["modified"] = "", ["mode"] = "", ["path"] = "/" + fe + "/" + e.Name }
                : new()
                {
                    ["name"] = e.Name, ["isDir"] = isDir, ["isSymlink"] = false, ["size"] = size, ["modified"] = e.LastWriteTimeUtc.ToString("o"),
                    ["mode"] = isDir ? 0x80000000u | 0b111_101_101u : 0b110_100_100u, ["path"] = "/" + fe + "/" + e.Name, ["type"] = isDir ? "" : "blob",
                });
        }

        foreach (var item in items)
        {
            var values = s.Files.ListingOverrideFor(fe + "/" + item["name"]);
            if (values is null) continue;
            foreach (var (key, value) in values) item[key] = value;
        }

        foreach (var hostile in s.Files.HostileEntriesFor(fe))
        {
            var entry = new Dictionary<string, object?>
            {
                ["name"] = "", ["isDir"] = false, ["isSymlink"] = false, ["size"] = 1, ["modified"] = DateTime.UtcNow.ToString("o"), ["mode"] = 420, ["type"] = "blob",
            };
            foreach (var (key, value) in hostile) entry[key] = value;
            items.Add(entry);
        }

        if (cloud) return Results.Json(new { code = 0, data = items });
        return Results.Json(new
        {
            name = dir.Name,
            path = "/" + fe + "/",
            modified = dir.LastWriteTimeUtc.ToString("o"),
            mode = 0x80000000u | 0b111_101_101u,
            isSymlink = false,
            numDirs = entries.Count(e => e is DirectoryInfo),
            numFiles = entries.Count(e => e is FileInfo),
            items,
        });
    }

    /// <summary>POST with a trailing '/': mkdir, auto-renaming on a collision ("a (1)") like the real backend. Without: an empty file (409 if taken).</summary>
    private static IResult Create(HttpContext ctx, EmulatorState s)
    {
        if (!TryTarget(ctx, s, ResourcesPrefix, out var fe, out var isDir, out var phys, out var error)) return error!;
        var parent = Path.GetDirectoryName(phys)!;
        if (fe.Split('/').Length < 3) return Error(400, "cannot create an extend root");
        if (!Directory.Exists(parent)) return Error(404, "parent folder not found");
        if (isDir)
        {
            var target = phys;
            var name = Path.GetFileName(phys);
            for (var n = 1; Directory.Exists(target) || File.Exists(target); n++) target = Path.Combine(parent, $"{name} ({n})");
            Directory.CreateDirectory(target);
            return Results.Json(new { code = 0, message = "" });
        }

        if (File.Exists(phys) || Directory.Exists(phys)) return Error(409, "file exists");
        File.Create(phys).Dispose();
        return Results.Json(new { code = 0, message = "" });
    }

    /// <summary>PUT /api/resources/&lt;file&gt;: the request body becomes the content of an existing file (the editor's save).</summary>
    private static async Task<IResult> SaveAsync(HttpContext ctx, EmulatorState s)
    {
        if (!TryTarget(ctx, s, ResourcesPrefix, out var fe, out var isDir, out var phys, out var error)) return error!;
        if (isDir) return Error(400, "PUT needs a file URL");
        if (!File.Exists(phys)) return Error(404, "file not found: " + fe);
        await using (var file = new FileStream(phys, FileMode.Truncate, FileAccess.Write))
        {
            await ctx.Request.Body.CopyToAsync(file, ctx.RequestAborted);
        }

        return Results.Json(new { code = 0, message = "" });
    }

    private static async Task<IResult> DeleteAsync(HttpContext ctx, EmulatorState s)
    {
        if (!TryTarget(ctx, s, ResourcesPrefix, out var fe, out var isDir, out var phys, out var error)) return error!;
        if (!isDir) return Error(400, "DELETE needs a folder URL ending with '/'");
        if (!Directory.Exists(phys)) return Error(404, "folder not found: " + fe);
        var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
        if (body is null || !body.Value.TryGetProperty("dirents", out var dirents) || dirents.ValueKind != JsonValueKind.Array)
            return Error(400, "body must be {\"dirents\":[...]}");
        var targets = new List<string>();
        foreach (var d in dirents.EnumerateArray())
        {
            var name = d.ValueKind == JsonValueKind.String ? d.GetString()!.Trim('/') : "";
            if (name.Length == 0 || name.Contains('/') || name is "." or "..") return Error(400, "bad dirent");
            var t = Path.Combine(phys, name);
            if (!File.Exists(t) && !Directory.Exists(t)) return Error(404, "not found: " + name);
            targets.Add(t);
        }

        foreach (var t in targets)
        {
            if (Directory.Exists(t)) Directory.Delete(t, recursive: true);
            else File.Delete(t);
        }

        return Results.Json(new { code = 0, message = "" });
    }

    private static IResult Rename(HttpContext ctx, EmulatorState s, string? destination)
    {
        if (!TryTarget(ctx, s, ResourcesPrefix, out _, out _, out var phys, out var error)) return error!;
        if (string.IsNullOrEmpty(destination) || destination.Contains('/') || destination.Contains('\\') || destination is "." or "..")
            return Error(400, "bad destination name");
        if (!File.Exists(phys) && !Directory.Exists(phys)) return Error(404, "not found");
        var target = Path.Combine(Path.GetDirectoryName(phys)!, destination);
        if (File.Exists(target) || Directory.Exists(target)) return Error(409, "target exists");
        if (Directory.Exists(phys)) Directory.Move(phys, target);
        else File.Move(phys, target);
        return Results.Json(new { code = 0, message = "" });
    }

    // ---- raw -----------------------------------------------------------------------------------

    private static IResult Raw(HttpContext ctx, EmulatorState s, string? inline)
    {
        if (!TryTarget(ctx, s, RawPrefix, out _, out _, out var phys, out var error)) return error!;
        return Serve(ctx, s, phys, inline == "true");
    }

    private static IResult CloudRaw(HttpContext ctx, EmulatorState s, string? drive, string? cloud_file_path, string? name)
    {
        if (string.IsNullOrEmpty(drive) || string.IsNullOrEmpty(name) || string.IsNullOrEmpty(cloud_file_path)) return Error(400, "drive, cloud_file_path and name are required");
        var phys = s.Files.PhysicalPath(ctx.GetOlaresUserName()!, drive + "/" + name + "/" + cloud_file_path.TrimStart('/'));
        return phys is null ? Error(404, "not found") : Serve(ctx, s, phys, false);
    }

    private static IResult Serve(HttpContext ctx, EmulatorState s, string phys, bool inline)
    {
        if (!File.Exists(phys)) return Error(404, "file not found");
        var range = ctx.Request.Headers.Range.ToString();
        s.Files.RecordRange(range);
        return new RawFileResult(phys, range, inline, s.Files.TakeDrop(), s.Files.RawThrottleKiBps, s.Files.TakeStall());
    }

    // ---- upload --------------------------------------------------------------------------------

    private static IResult UploadedBytes(HttpContext ctx, EmulatorState s, string node, string? parent_dir, string? file_name)
    {
        if (node != FilesState.Node) return Error(404, "unknown node " + node);
        if (string.IsNullOrEmpty(parent_dir) || string.IsNullOrEmpty(file_name)) return Error(400, "parent_dir and file_name are required");
        var partial = s.Files.PartialPath(ctx.GetOlaresUserName()!, parent_dir, file_name);
        return Results.Json(new { uploadedBytes = File.Exists(partial) ? new FileInfo(partial).Length : 0 });
    }

    private static IResult UploadLinkFor(HttpContext ctx, EmulatorState s, string node, string? file_path, string? from)
    {
        if (node != FilesState.Node) return Error(404, "unknown node " + node);
        if (string.IsNullOrEmpty(file_path) || !file_path.EndsWith('/') || from != "web") return Error(400, "file_path (ending with '/') and from=web are required");
        var user = ctx.GetOlaresUserName()!;
        var phys = s.Files.PhysicalPath(user, file_path);
        if (phys is null || !Directory.Exists(phys)) return Error(404, "upload folder not found: " + file_path);
        return Results.Text("/seafhttp/upload-aj/" + s.Files.NewLink(user, file_path) + "?r=1", "text/plain");
    }

    private static async Task<IResult> ChunkAsync(HttpContext ctx, EmulatorState s, string token)
    {
        var files = s.Files;
        var user = ctx.GetOlaresUserName()!;
        var link = files.FindLink(token);
        if (link is null) return Error(404, "unknown upload link");
        if (link.User != user) return Error(403, "upload link of another user");
        if (ctx.Request.Query["ret-json"] != "1") return Error(400, "ret-json=1 is expected");
        var delay = files.ChunkDelayMs;
        if (delay > 0) await Task.Delay(delay, ctx.RequestAborted);

        var mediaType = MediaTypeHeaderValue.Parse(ctx.Request.ContentType ?? "");
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (!mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(boundary))
            return Error(400, "multipart/form-data expected");
        var reader = new MultipartReader(boundary, ctx.Request.Body);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ctx.RequestAborted)) is not null)
        {
            var cd = section.GetContentDispositionHeader();
            if (cd is null) return Error(400, "part without Content-Disposition");
            var name = HeaderUtilities.RemoveQuotes(cd.Name).Value ?? "";
            if (name == "file") break;
            using var sr = new StreamReader(section.Body, Encoding.UTF8);
            fields[name] = await sr.ReadToEndAsync(ctx.RequestAborted);
        }

        if (section is null) return Error(400, "no file part");
        string F(string n) => fields.TryGetValue(n, out var v) ? v : "";
        if (!int.TryParse(F("resumableChunkNumber"), out var number) || !long.TryParse(F("resumableChunkSize"), out var chunkSize) ||
            !long.TryParse(F("resumableCurrentChunkSize"), out var current) || !long.TryParse(F("resumableTotalSize"), out var total) ||
            !int.TryParse(F("resumableTotalChunks"), out var totalChunks) || number < 1 || chunkSize < 1 || F("resumableFilename").Length == 0)
            return Error(400, "missing or malformed resumable fields");
        var injected = files.TakeChunkFailure(number);
        if (injected is not null) return Error(injected.Value, "injected chunk failure");

        var fileName = F("resumableFilename");
        var relativeDir = fields.TryGetValue("relative_path", out var rd) ? rd : "";
        var isSync = link.ParentDir.StartsWith("/sync/", StringComparison.Ordinal);
        var expectedParent = isSync ? "/" + string.Join('/', link.ParentDir.Split('/').Skip(3)) : link.ParentDir;
        if (F("parent_dir") != expectedParent) return Error(400, "parent_dir does not match the upload link");
        if (F("resumableIdentifier") != Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(link.ParentDir + F("resumableRelativePath")))))
            return Error(400, "resumableIdentifier is not md5(parent_dir + relative path)");
        var offset = (number - 1) * chunkSize;
        var contentRange = ctx.Request.Headers.ContentRange.ToString();
        if (contentRange != $"bytes {offset}-{offset + current - 1}/{total}") return Error(400, "Content-Range does not match the chunk: " + contentRange);
        if (!ctx.Request.Headers.ContentDisposition.ToString().StartsWith("attachment", StringComparison.Ordinal)) return Error(400, "Content-Disposition: attachment expected");

        // As the real backend: the upload folder of the link must (still) exist; the folders of relative_path below it
        // are created on the way (a folder upload), nothing else is.
        var parentPhys = files.PhysicalPath(user, link.ParentDir);
        if (parentPhys is null || !Directory.Exists(parentPhys)) return Error(404, "upload folder not found: " + link.ParentDir);
        var finalDir = link.ParentDir + relativeDir;
        var finalDirPhys = files.PhysicalPath(user, finalDir);
        if (finalDirPhys is null || fileName.Contains('/') || fileName is "." or "..") return Error(400, "bad target");
        if (relativeDir.Length > 0) Directory.CreateDirectory(finalDirPhys);
        else if (!Directory.Exists(finalDirPhys)) return Error(404, "upload folder not found: " + finalDir);
        var partial = files.PartialPath(user, finalDir, fileName);
        var have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (offset > have) return Error(400, $"chunk {number} starts at byte {offset} but only {have} bytes were received");

        long received = 0;
        await using (var fs = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1))
        {
            fs.Position = offset;
            var buffer = new byte[128 * 1024];
            int n;
            while ((n = await section.Body.ReadAsync(buffer, ctx.RequestAborted)) > 0)
            {
                await fs.WriteAsync(buffer.AsMemory(0, n), ctx.RequestAborted);
                received += n;
            }
        }

        if (files.TakeChunkStall()) await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
        var target = finalDir.TrimStart('/') + fileName;
        files.RecordChunk(target, number, received != current);
        if (received != current) return Error(400, $"the file part has {received} bytes, not {current}");
        var length = new FileInfo(partial).Length;
        if (number < totalChunks || length < total) return Results.Json(new { uploadedBytes = length });

        if (FilesState.CloudTypes.Contains(finalDir.Split('/')[1]))
        {
            var staged = partial + ".cloud";
            File.Move(partial, staged, overwrite: true);
            var task = files.NewTask(FilesState.Node, "upload");
            task.Start(files, () => File.Move(staged, VersionedPath(finalDirPhys, fileName)));
            return Results.Json(new[] { new { taskId = task.Id } });
        }

        File.Move(partial, VersionedPath(finalDirPhys, fileName));
        return Results.Json(new[] { new { name = fileName, id = Guid.NewGuid().ToString("N"), size = total } });
    }

    /// <summary>
    /// Where a finished upload lands, as the files backend's MoveFileByInfo/AddVersionSuffix decides: its own name when
    /// free, else "name(1).ext", "name(2).ext"... An upload never replaces what is there: the server keeps both.
    /// </summary>
    private static string VersionedPath(string folder, string fileName)
    {
        var ext = Path.GetExtension(fileName);
        var stem = fileName[..^ext.Length];
        var target = Path.Combine(folder, fileName);
        for (var n = 1; File.Exists(target) || Directory.Exists(target); n++) target = Path.Combine(folder, $"{stem}({n}){ext}");
        return target;
    }

    // ---- paste and tasks -----------------------------------------------------------------------

    private static async Task<IResult> PasteAsync(HttpContext ctx, EmulatorState s, string node)
    {
        if (node != FilesState.Node) return Error(404, "unknown node " + node);
        var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
        string? action, source, destination;
        try
        {
            action = body?.GetString("action");
            source = body?.GetString("source");
            destination = body?.GetString("destination");
        }
        catch (FormatException e) { return Error(400, e.Message); }

        if (action is not ("copy" or "move") || string.IsNullOrEmpty(source) || string.IsNullOrEmpty(destination)) return Error(400, "action, source and destination are required");
        if (source.Contains('\\') || destination.Contains('\\')) return Results.Json(new { code = -1, message = "invalid path" });
        var user = ctx.GetOlaresUserName()!;
        var src = s.Files.PhysicalPath(user, source);
        var dst = s.Files.PhysicalPath(user, destination);
        if (src is null || dst is null) return Results.Json(new { code = -1, message = "invalid path" });
        if (!File.Exists(src) && !Directory.Exists(src)) return Error(404, "source not found");
        var task = s.Files.NewTask(node, action);
        task.Start(s.Files, () => Paste(action == "move", src, dst));
        return Results.Json(new { task_id = task.Id });
    }

    private static void Paste(bool move, string src, string dst)
    {
        var parent = Path.GetDirectoryName(dst)!;
        if (!Directory.Exists(parent)) throw new InvalidOperationException("destination folder not found");
        var full = Path.GetFullPath(src).TrimEnd('/') + "/";
        if ((Path.GetFullPath(dst).TrimEnd('/') + "/").StartsWith(full, StringComparison.Ordinal)) throw new InvalidOperationException("cannot paste a folder into itself");
        var name = Path.GetFileName(dst);
        var stem = Directory.Exists(src) ? name : Path.GetFileNameWithoutExtension(name);
        var ext = Directory.Exists(src) ? "" : Path.GetExtension(name);
        var target = dst;
        for (var n = 1; File.Exists(target) || Directory.Exists(target); n++) target = Path.Combine(parent, $"{stem} ({n}){ext}");

        if (Directory.Exists(src))
        {
            if (move) Directory.Move(src, target);
            else CopyTree(src, target);
        }
        else if (move) File.Move(src, target);
        else File.Copy(src, target);
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        foreach (var d in Directory.GetDirectories(from)) CopyTree(d, Path.Combine(to, Path.GetFileName(d)));
    }

    private static IResult TaskStatus(EmulatorState s, string node, string? task_id)
    {
        var task = string.IsNullOrEmpty(task_id) ? null : s.Files.FindTask(task_id);
        if (task is null || task.Node != node) return Error(404, "task not found");
        var (status, progress, reason) = task.Snapshot();
        return Results.Json(new
        {
            code = 0,
            msg = "",
            task = new { id = task.Id, status, progress, current_phase = 1, total_phase = 1, total_file_size = 0, failed_reason = reason },
        });
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    /// <summary>
    /// The front-end path after <paramref name="prefix"/> ("drive/Home/a"), whether the URL ended with '/', and its
    /// local path. Refuses URLs that are not encoded like encodeURIComponent (so client bugs show up as 400s).
    /// </summary>
    private static bool TryTarget(HttpContext ctx, EmulatorState s, string prefix, out string frontEnd, out bool isDir, out string phys, out IResult? error)
    {
        frontEnd = "";
        phys = "";
        isDir = false;
        error = null;
        var raw = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var rawPath = raw.Split('?')[0];
        if (!IsJsEncoded(rawPath))
        {
            error = Error(400, "the path is not percent-encoded like encodeURIComponent: " + rawPath);
            return false;
        }

        var path = ctx.Request.Path.Value ?? "";
        if (!path.StartsWith(prefix + "/", StringComparison.Ordinal))
        {
            error = Error(400, "bad path");
            return false;
        }

        var rest = path[(prefix.Length + 1)..];
        isDir = rest.EndsWith('/');
        frontEnd = rest.Trim('/');
        if (frontEnd.Split('/').Length < 2)
        {
            error = Error(400, "expected <fileType>/<extend>/...");
            return false;
        }

        var p = s.Files.PhysicalPath(ctx.GetOlaresUserName()!, frontEnd);
        if (p is null)
        {
            error = Error(404, "no such location: " + frontEnd);
            return false;
        }

        phys = p;
        return true;
    }

    internal static bool IsJsEncoded(string rawPath)
    {
        for (var i = 0; i < rawPath.Length; i++)
        {
            var c = rawPath[i];
            if (c == '%')
            {
                if (i + 2 >= rawPath.Length || !IsUpperHex(rawPath[i + 1]) || !IsUpperHex(rawPath[i + 2])) return false;
                i += 2;
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c) || "-_.~!*'()/".Contains(c)) continue;
            return false;
        }

        return true;
    }

    private static bool IsUpperHex(char c) => char.IsAsciiDigit(c) || (c >= 'A' && c <= 'F');
}
