using System.Text;

namespace Olares.Emulator;

internal enum FailureKind { Status, Html, Truncated, Stall, Short, GzipBomb, Redirect }

/// <summary>Well-known failure-injection targets. Services may use any other string too.</summary>
internal static class FailureTargets
{
    public const string Api = "api";
    public const string Refresh = "refresh";
    public const string FirstFactor = "firstfactor";
    public const string SecondFactor = "secondfactor";
    public const string UserInfo = "user-info";
    public const string OlaresInfo = "olares-info";
}

/// <summary>One queued failure, turned into a response by <see cref="ToResult"/>.</summary>
internal sealed record InjectedFailure(FailureKind Kind, int Status, string? Body)
{
    internal const string TruncatedJson = "{\"code\":0,\"data\":{\"na";
    internal const string HtmlPage = "<!DOCTYPE html><html><head><title>Olares</title></head><body><h1>Olares</h1><p>injected HTML page</p></body></html>";

    public static FailureKind? ParseKind(string? kind) => (kind ?? "status").Trim().ToLowerInvariant() switch
    {
        "" or "status" => FailureKind.Status,
        "html" => FailureKind.Html,
        "truncated" => FailureKind.Truncated,
        "stall" => FailureKind.Stall,
        "short" => FailureKind.Short,
        "gzipbomb" => FailureKind.GzipBomb,
        "redirect" => FailureKind.Redirect,
        _ => null,
    };

    public IResult ToResult() => Kind switch
    {
        FailureKind.Html => Results.Content(Body ?? HtmlPage, "text/html; charset=utf-8", Encoding.UTF8, Status),
        FailureKind.Truncated => Results.Content(Body ?? TruncatedJson, "application/json; charset=utf-8", Encoding.UTF8, StatusCodes.Status200OK),
        FailureKind.Stall => HostileAnswers.Stall(),
        FailureKind.Short => HostileAnswers.Short(),
        FailureKind.GzipBomb => HostileAnswers.GzipBombAnswer(Status),
        FailureKind.Redirect => HostileAnswers.Redirect(Body),
        _ => Results.Content(
            Body ?? (Status == 459
                ? "{\"fa2\":false,\"method\":\"\",\"session_id\":\"\",\"target_url\":\"\"}"
                : "{\"status\":\"FAIL\",\"message\":\"injected\"}"),
            "application/json; charset=utf-8", Encoding.UTF8, Status),
    };
}
