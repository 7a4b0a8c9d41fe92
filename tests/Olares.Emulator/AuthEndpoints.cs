using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Olares.Emulator;

/// <summary>The auth service (Authelia): /auth/api/firstfactor, /auth/api/secondfactor/totp, /auth/api/refresh, /auth/login.</summary>
internal sealed class AuthEndpoints : IEmulatorService
{
    /// <summary>Fixed public salt the client appends before hashing (protocol §2.2).</summary>
    internal const string PasswordSalt = "@Olares2025";

    public string Name => "auth";

    public void Map(RouteGroupBuilder group, EmulatorState state)
    {
        group.MapPost("/api/firstfactor", FirstFactorAsync);
        group.MapPost("/api/secondfactor/totp", SecondFactorAsync);
        group.MapPost("/api/refresh", RefreshAsync);
        group.MapGet("/login", (HttpRequest req) => Results.Content(
            "<!DOCTYPE html><html><head><title>Olares - Login</title></head><body><h1>Login</h1><form method=\"post\">" +
            "<input name=\"username\"><input name=\"password\" type=\"password\"><button>Sign in</button></form></body></html>",
            "text/html; charset=utf-8", Encoding.UTF8));
    }

    internal static string HashPassword(string clear)
        => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(clear + PasswordSalt)));

    private static async Task<IResult> FirstFactorAsync(HttpContext ctx, EmulatorState state)
    {
        var injected = state.TakeFailure(FailureTargets.FirstFactor);
        if (injected is not null) return injected.ToResult();

        var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
        if (body is null) return EmulatorHttp.AuthKo(StatusCodes.Status400BadRequest, "Unable to parse body");
        string? username, password;
        try
        {
            username = body.Value.GetString("username");
            password = body.Value.GetString("password");
        }
        catch (FormatException e)
        {
            return EmulatorHttp.AuthKo(StatusCodes.Status400BadRequest, "Unable to parse body: " + e.Message);
        }
        if (username is null || password is null) return EmulatorHttp.AuthKo(StatusCodes.Status400BadRequest, "Unable to parse body: username and password are required");

        var user = state.FindUser(username);
        if (user is null || !string.Equals(HashPassword(user.Password), password, StringComparison.Ordinal))
            return EmulatorHttp.AuthKo(StatusCodes.Status401Unauthorized, "Authentication failed. Check your credentials.");

        var needsTotp = !string.IsNullOrEmpty(user.TotpCode);
        var t = state.StartGrant(user.Name, firstFactorOnly: needsTotp);
        return TokenEnvelope(t, fa2: needsTotp);
    }

    private static async Task<IResult> SecondFactorAsync(HttpContext ctx, EmulatorState state)
    {
        var injected = state.TakeFailure(FailureTargets.SecondFactor);
        if (injected is not null) return injected.ToResult();

        var (check, claims) = await state.CheckAccessTokenAsync(
            ctx.Request.Headers[EmulatorAuthentication.AuthHeader].ToString(), allowFirstFactorOnly: true);
        if (check != TokenCheck.Valid || claims is null)
            return EmulatorHttp.AuthKo(StatusCodes.Status401Unauthorized, "Unauthorized: " + EmulatorState.Describe(check));

        var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
        if (body is null) return EmulatorHttp.AuthKo(StatusCodes.Status400BadRequest, "Unable to parse body");
        string? code;
        try { code = body.Value.GetString("token"); }
        catch (FormatException e) { return EmulatorHttp.AuthKo(StatusCodes.Status400BadRequest, "Unable to parse body: " + e.Message); }

        var user = state.FindUser(claims.Username);
        if (user is null || string.IsNullOrEmpty(user.TotpCode) || !string.Equals(code, user.TotpCode, StringComparison.Ordinal))
            return EmulatorHttp.AuthKo(StatusCodes.Status401Unauthorized, "Authentication failed, please retry later.");

        var t = state.StartGrant(user.Name, firstFactorOnly: false);
        // Like the real server, the second factor may answer an empty session_id (the client keeps the first one).
        return TokenEnvelope(t with { SessionId = "" }, fa2: false);
    }

    private static async Task<IResult> RefreshAsync(HttpContext ctx, EmulatorState state)
    {
        state.IncrementRefreshCalls();
        try { return await AnswerRefreshAsync(ctx, state); }
        finally { state.IncrementRefreshesAnswered(); }
    }

    private static async Task<IResult> AnswerRefreshAsync(HttpContext ctx, EmulatorState state)
    {
        var injected = state.TakeFailure(FailureTargets.Refresh);
        // The body is read first and the latency is not cut short when the client goes away: like a real
        // server, once the request has arrived it is processed (and its refresh token spent) regardless.
        var body = await EmulatorHttp.ReadJsonObjectAsync(ctx.Request, ctx.RequestAborted);
        var latency = state.RefreshLatencyMs;
        // On the server's clock: a test can advance it instead of waiting the latency out.
        if (latency > 0) await state.Clock.DelayAsync(TimeSpan.FromMilliseconds(latency), CancellationToken.None);
        if (injected is not null) return injected.ToResult();

        if (body is null) return EmulatorHttp.AuthKo(StatusCodes.Status400BadRequest, "Unable to parse body");
        string? refreshToken;
        try { refreshToken = body.Value.GetString("refreshToken"); }
        catch (FormatException e) { return EmulatorHttp.AuthKo(StatusCodes.Status400BadRequest, "Unable to parse body: " + e.Message); }

        // X-Authorization is optional; only a first-factor-only token is refused outright (expired tokens are the normal case).
        var presented = ctx.Request.Headers[EmulatorAuthentication.AuthHeader].ToString();
        if (!string.IsNullOrWhiteSpace(presented))
        {
            var (check, _) = await state.CheckAccessTokenAsync(presented);
            if (check == TokenCheck.FirstFactorOnly)
                return EmulatorHttp.AuthKo(StatusCodes.Status401Unauthorized, "second factor required");
        }

        if (state.IsManagedRefreshToken(refreshToken))
        {
            var m = state.RefreshManaged(refreshToken!, out var managedFailure, out var fa2);
            return m is null ? EmulatorHttp.AuthKo(StatusCodes.Status401Unauthorized, managedFailure) : TokenEnvelope(m, fa2);
        }

        var t = state.Rotate(refreshToken ?? "", out var failure);
        return t is null ? EmulatorHttp.AuthKo(StatusCodes.Status401Unauthorized, failure) : TokenEnvelope(t, fa2: false);
    }

    private static IResult TokenEnvelope(IssuedTokens t, bool fa2) => Results.Json(new
    {
        status = "OK",
        message = "",
        data = new
        {
            access_token = t.AccessToken,
            token_type = "Bearer",
            refresh_token = t.RefreshToken,
            session_id = t.SessionId,
            fa2,
        },
    });
}
