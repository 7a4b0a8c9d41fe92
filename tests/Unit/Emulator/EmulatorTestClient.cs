using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Olares.Emulator;
using Xunit;

namespace Olares.Tests.Emulator;

/// <summary>Raw HTTP helpers for talking to an emulator the way the Olares client does.</summary>
internal sealed class EmulatorTestClient : IDisposable
{
    public EmulatorTestClient(EmulatorServer server)
    {
        Server = server;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    public EmulatorServer Server { get; }
    public HttpClient Http { get; }

    public string Url(string service, string path) => Server.ServiceUrlTemplate.Replace("{service}", service) + path;

    public static string HashPassword(string clear)
    {
        var bytes = MD5.HashData(Encoding.UTF8.GetBytes(clear + "@Olares2025"));
        var sb = new StringBuilder();
        foreach (var b in bytes) sb.Append(b.ToString("x2"));
        return sb.ToString();
    }

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public Task<HttpResponseMessage> FirstFactorAsync(string user, string password)
        => Http.PostAsync(Url("auth", "/api/firstfactor?hideCookie=true"), Json(new
        {
            username = user,
            password = HashPassword(password),
            keepMeLoggedIn = false,
            requestMethod = "POST",
            targetURL = "https://desktop.alice.olares.com",
            acceptCookie = true,
        }));

    /// <summary>Logs in and returns (access token, refresh token); asserts success.</summary>
    public async Task<(string Access, string Refresh)> LoginAsync(string user = "alice", string password = "Passw0rd!")
    {
        using var resp = await FirstFactorAsync(user, password);
        var json = await ReadJsonAsync(resp);
        Assert.Equal(200, (int)resp.StatusCode);
        var data = json.GetProperty("data");
        return (data.GetProperty("access_token").GetString()!, data.GetProperty("refresh_token").GetString()!);
    }

    public async Task<HttpResponseMessage> RefreshAsync(string refreshToken, string? accessToken = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, Url("auth", "/api/refresh")) { Content = Json(new { refreshToken }) };
        if (accessToken is not null) req.Headers.TryAddWithoutValidation("X-Authorization", accessToken);
        return await Http.SendAsync(req);
    }

    /// <summary>An API call with the Later headers: X-Authorization (when given) and X-Unauth-Error: Non-Redirect.</summary>
    public async Task<HttpResponseMessage> ApiAsync(HttpMethod method, string service, string path, string? accessToken,
        bool nonRedirect = true, HttpContent? content = null, string? bearer = null)
    {
        using var req = new HttpRequestMessage(method, Url(service, path)) { Content = content };
        if (accessToken is not null) req.Headers.TryAddWithoutValidation("X-Authorization", accessToken);
        if (bearer is not null) req.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        if (nonRedirect) req.Headers.TryAddWithoutValidation("X-Unauth-Error", "Non-Redirect");
        return await Http.SendAsync(req);
    }

    public Task<HttpResponseMessage> UserInfoAsync(string? accessToken, bool nonRedirect = true)
        => ApiAsync(HttpMethod.Get, "desktop", "/api/backend/v1/user-info", accessToken, nonRedirect);

    public Task<HttpResponseMessage> AdminPostAsync(string path, object? body = null)
        => Http.PostAsync(Server.BaseUrl + "/_admin" + path, body is null ? new StringContent("") : Json(body));

    public async Task<JsonElement> AdminGetAsync(string path)
    {
        using var resp = await Http.GetAsync(Server.BaseUrl + "/_admin" + path);
        Assert.Equal(200, (int)resp.StatusCode);
        return await ReadJsonAsync(resp);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage resp)
    {
        var text = await resp.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Decodes the JWT payload (no signature check), as the client does.</summary>
    public static JsonElement JwtPayload(string token)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var p = parts[1].Replace('-', '+').Replace('_', '/');
        p = p.PadRight(p.Length + (4 - p.Length % 4) % 4, '=');
        using var doc = JsonDocument.Parse(Convert.FromBase64String(p));
        return doc.RootElement.Clone();
    }

    public void Dispose() => Http.Dispose();
}
