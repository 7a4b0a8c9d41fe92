using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Olares.Emulator;

/// <summary>
/// The Sync (Seafile) library catalog of the files service: GET /files/api/repos/ lists the user's own repos,
/// ?type=share_to_me and ?type=shared the shared ones, as {"repos":[...]} rows stored verbatim (so tests can send
/// the string-encoded encrypted/size some gateways produce). Each user starts with one repo, "My Library".
/// Failure target: "repos".
/// </summary>
internal sealed class ReposEndpoints : IEmulatorService
{
    public string Name => "files";

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        group.MapGet("/api/repos", (HttpContext ctx, string? type, EmulatorState s) =>
        {
            var user = ctx.GetOlaresUserName()!;
            var kind = string.IsNullOrEmpty(type) ? "mine" : type;
            if (kind != "mine" && kind != "share_to_me" && kind != "shared") return Results.Json(new { code = 400, message = "unknown type " + type }, statusCode: 400);
            var rows = s.Repos().List(user, kind);
            return Results.Content(new JsonObject { ["repos"] = rows }.ToJsonString(), "application/json");
        }).RequireOlaresAuth().WithFailureTarget("repos");
    }
}

/// <summary>
/// Repo knobs under /_admin/repos: POST {user, type: mine|share_to_me|shared, repos: [row objects]} replaces a list;
/// POST /reset goes back to one "My Library" per user.
/// </summary>
internal sealed class ReposAdminEndpoints : IEmulatorService
{
    public string Name => AdminEndpoints.Prefix + "/repos";

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        group.MapPost("", async (HttpContext ctx, EmulatorState s) =>
        {
            JsonNode? body;
            try { body = await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted); }
            catch (JsonException e) { return Results.Json(new { ok = false, message = e.Message }, statusCode: 400); }
            var user = body?["user"]?.GetValue<string>();
            var type = body?["type"]?.GetValue<string>() ?? "mine";
            if (string.IsNullOrEmpty(user) || body?["repos"] is not JsonArray repos) return Results.Json(new { ok = false, message = "'user' and 'repos' are required" }, statusCode: 400);
            s.Repos().Set(user, type, repos);
            return Results.Json(new { ok = true });
        });
        group.MapPost("/reset", (EmulatorState s) => { s.Repos().Reset(); return Results.Json(new { ok = true }); });
    }
}

/// <summary>The stored repo rows per user and list type.</summary>
public sealed class ReposEmulator
{
    private static readonly ConditionalWeakTable<EmulatorState, ReposEmulator> Instances = new();

    private readonly object _gate = new();
    private readonly Dictionary<(string User, string Type), JsonArray> _lists = new();

    internal static ReposEmulator For(EmulatorState state) => Instances.GetValue(state, _ => new ReposEmulator());

    /// <summary>The rows of one list (a copy); a user's own list starts with "My Library".</summary>
    public JsonArray List(string user, string type)
    {
        lock (_gate)
        {
            if (!_lists.TryGetValue((user, type), out var rows))
            {
                rows = type == "mine" ? new JsonArray(DefaultRepo(user)) : new JsonArray();
                _lists[(user, type)] = rows;
            }

            return (JsonArray)rows.DeepClone();
        }
    }

    public void Set(string user, string type, JsonArray rows)
    {
        lock (_gate) _lists[(user, type)] = (JsonArray)rows.DeepClone();
    }

    public void Reset()
    {
        lock (_gate) _lists.Clear();
    }

    /// <summary>A stable id per user, shaped like Seafile's.</summary>
    public static string DefaultRepoId(string user)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("repo:" + user));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private static JsonObject DefaultRepo(string user) => new()
    {
        ["repo_id"] = DefaultRepoId(user),
        ["repo_name"] = "My Library",
        ["encrypted"] = false,
        ["last_modified"] = "2026-04-24T08:03:45.000Z",
        ["permission"] = "rw",
        ["size"] = 0,
        ["type"] = "mine",
        ["status"] = "normal",
        ["owner_email"] = user + "@" + DesktopEndpoints.Domain,
        ["owner_name"] = user,
    };
}

public static class ReposEmulatorExtensions
{
    /// <summary>The repo catalog of this emulator instance.</summary>
    public static ReposEmulator Repos(this EmulatorState state) => ReposEmulator.For(state);
}
