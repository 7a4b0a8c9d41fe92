namespace Olares.Emulator;

/// <summary>
/// Olares edge authentication for emulated APIs: identity comes ONLY from the X-Authorization header
/// (Authorization: Bearer is ignored, like the real edge filters it out). Without a valid token the answer is
/// 401 JSON when the request carries "X-Unauth-Error: Non-Redirect", else a 302 to the login page.
/// An injected "api" failure is answered before the token is looked at.
/// </summary>
internal static class EmulatorAuthentication
{
    internal const string AuthHeader = "X-Authorization";
    internal const string UnauthErrorHeader = "X-Unauth-Error";
    private const string UserItemKey = "Olares.Emulator.User";
    private const string ClaimsItemKey = "Olares.Emulator.Claims";

    /// <summary>Requires a valid access token on every endpoint of the builder (group or single endpoint).</summary>
    public static TBuilder RequireOlaresAuth<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(new AuthFilter());

    /// <summary>Makes the endpoint(s) answer queued failures of <paramref name="target"/> (after authentication).</summary>
    public static TBuilder WithFailureTarget<TBuilder>(this TBuilder builder, string target) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(async (ctx, next) =>
        {
            var state = ctx.HttpContext.RequestServices.GetRequiredService<EmulatorState>();
            var f = state.TakeFailure(target);
            return f is not null ? f.ToResult() : await next(ctx);
        });

    /// <summary>The authenticated user's name (local part), or null outside an authenticated endpoint.</summary>
    public static string? GetOlaresUserName(this HttpContext context) => context.Items[UserItemKey] as string;

    /// <summary>The authenticated user (a copy), or null.</summary>
    public static EmulatorUser? GetOlaresUser(this HttpContext context)
    {
        var name = context.GetOlaresUserName();
        return name is null ? null : context.RequestServices.GetRequiredService<EmulatorState>().FindUser(name);
    }

    internal static AccessTokenClaims? GetOlaresClaims(this HttpContext context) => context.Items[ClaimsItemKey] as AccessTokenClaims;

    /// <summary>
    /// Authenticates the request without the filter. Returns null on success (the user is then available via
    /// <see cref="GetOlaresUserName"/>), otherwise the 401/302 result to return.
    /// </summary>
    public static async Task<IResult?> AuthenticateAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var injected = state.TakeFailure(FailureTargets.Api);
        if (injected is not null) return injected.ToResult();

        var (check, claims) = await state.CheckAccessTokenAsync(context.Request.Headers[AuthHeader].ToString()).ConfigureAwait(false);
        if (check == TokenCheck.Valid && claims is not null)
        {
            context.Items[UserItemKey] = claims.Username;
            context.Items[ClaimsItemKey] = claims;
            return null;
        }
        return Unauthenticated(context, state, EmulatorState.Describe(check));
    }

    internal static IResult Unauthenticated(HttpContext context, EmulatorState state, string message)
    {
        var mode = context.Request.Headers[UnauthErrorHeader].ToString();
        if (string.Equals(mode.Trim(), "Non-Redirect", StringComparison.OrdinalIgnoreCase))
            return Results.Json(new { status = "Unauthorized", message }, statusCode: StatusCodes.Status401Unauthorized);

        var baseUrl = BaseUrlOf(context, state);
        var req = context.Request;
        var original = baseUrl + req.PathBase + req.Path + req.QueryString;
        return Results.Redirect(baseUrl + "/auth/login?rd=" + Uri.EscapeDataString(original), permanent: false);
    }

    internal static string BaseUrlOf(HttpContext context, EmulatorState state)
        => !string.IsNullOrEmpty(state.BaseUrl) ? state.BaseUrl : $"{context.Request.Scheme}://{context.Request.Host}";

    private sealed class AuthFilter : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
        {
            var failure = await AuthenticateAsync(ctx.HttpContext).ConfigureAwait(false);
            return failure ?? await next(ctx);
        }
    }
}
