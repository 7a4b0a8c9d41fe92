using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Olares.Emulator;

/// <summary>A real HTTP server on loopback that plays an Olares instance. Start with <see cref="StartAsync"/>.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private EmulatorServer(WebApplication app, EmulatorState state, string baseUrl)
    {
        _app = app;
        State = state;
        BaseUrl = baseUrl;
    }

    /// <summary>"http://127.0.0.1:PORT" (no trailing slash).</summary>
    public string BaseUrl { get; }

    /// <summary>BaseUrl + "/{service}": every service is mounted under its name.</summary>
    public string ServiceUrlTemplate => BaseUrl + "/{service}";

    /// <summary>Knobs and counters; the same object the /_admin endpoints use.</summary>
    public EmulatorState State { get; }

    /// <summary>Starts listening and returns once the port is bound (and the port file written).</summary>
    public static Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken ct = default)
        => StartCoreAsync(options, logToConsole: false, ct);

    internal static async Task<EmulatorServer> StartCoreAsync(EmulatorOptions options, bool logToConsole, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = new EmulatorState(options);
        var address = await ResolveAsync(options.Host, ct).ConfigureAwait(false);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (logToConsole) builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // Process signals are the caller's business (Program.cs or the test host), not the web host's.
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddSingleton(state);
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            k.Listen(address, options.Port);
        });

        var app = builder.Build();
        app.UseRouting();
        app.Use(RecordAsync);
        foreach (var service in DiscoverServices())
        {
            service.Map(app.MapGroup("/" + service.Name), state);
        }

        await app.StartAsync(ct).ConfigureAwait(false);
        try
        {
            var port = BoundPort(app);
            var hostPart = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !options.Host.StartsWith('[')
                ? $"[{options.Host}]" : options.Host;
            var baseUrl = $"http://{hostPart}:{port}";
            state.BaseUrl = baseUrl;
            if (!string.IsNullOrEmpty(options.PortFile)) WritePortFile(options.PortFile, port);
            return new EmulatorServer(app, state, baseUrl);
        }
        catch
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops listening (in-flight requests get up to 2 s).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try { await _app.StopAsync(cts.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        await _app.DisposeAsync().ConfigureAwait(false);
        State.Files.Dispose();
    }

    /// <summary>All <see cref="IEmulatorService"/> implementations in this assembly, ordered by name.</summary>
    internal static IReadOnlyList<IEmulatorService> DiscoverServices()
        => typeof(EmulatorServer).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEmulatorService).IsAssignableFrom(t)
                        && t.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .Select(t => (IEmulatorService)Activator.CreateInstance(t, nonPublic: true)!)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();

    private static async Task RecordAsync(HttpContext ctx, Func<Task> next)
    {
        var path = ctx.Request.Path.Value ?? "/";
        if (!path.StartsWith("/" + AdminEndpoints.Prefix + "/", StringComparison.OrdinalIgnoreCase)
            && !path.Equals("/" + AdminEndpoints.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            var state = ctx.RequestServices.GetRequiredService<EmulatorState>();
            state.Clock.OnRequest();
            var template = (ctx.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            if (template is not null && !template.StartsWith('/')) template = "/" + template;
            state.RecordHit($"{ctx.Request.Method} {template ?? path}");
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in ctx.Request.Headers) headers[h.Key] = h.Value.ToString();
            state.RecordRequest(new RecordedRequest(ctx.Request.Method, path, (ctx.Request.QueryString.Value ?? "").TrimStart('?'), headers, DateTimeOffset.UtcNow));
        }
        await next().ConfigureAwait(false);
    }

    private static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("the emulator has no bound address");
        return new Uri(first.Replace("://+", "://localhost", StringComparison.Ordinal)).Port;
    }

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken ct)
    {
        var h = string.IsNullOrWhiteSpace(host) ? "127.0.0.1" : host.Trim().Trim('[', ']');
        if (IPAddress.TryParse(h, out var ip)) return ip;
        if (h.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        var all = await Dns.GetHostAddressesAsync(h, ct).ConfigureAwait(false);
        return all.FirstOrDefault() ?? throw new InvalidOperationException($"cannot resolve host '{host}'");
    }

    private static void WritePortFile(string path, int port)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var tmp = full + "." + Environment.ProcessId + ".tmp";
        File.WriteAllText(tmp, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.Move(tmp, full, overwrite: true);
    }

    private sealed class NoSignalLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
