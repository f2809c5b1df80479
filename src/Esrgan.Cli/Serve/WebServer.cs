using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Esrgan.Cli.Serve;

/// <summary>
/// The web app: Kestrel with the body limit, the page from embedded resources, the API, and the guards in front:
/// errors as JSON, the token (when listening beyond loopback), no cross-origin writes, and on loopback only the
/// local host names (so that another site cannot reach it through DNS rebinding).
/// </summary>
internal sealed class WebServer : IAsyncDisposable
{
    private const string TokenCookie = "esrgan_token";
    private static readonly string[] LocalHosts = ["localhost", "127.0.0.1", "[::1]"];

    private readonly WebApplication _app;
    private readonly JobQueue _queue;
    private readonly UpscaleEngine _engine;
    private readonly ServerSettings _settings;

    private WebServer(WebApplication app, JobQueue queue, UpscaleEngine engine, ServerSettings settings)
    {
        _app = app;
        _queue = queue;
        _engine = engine;
        _settings = settings;
    }

    public IReadOnlyList<string> Addresses =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();

    public static async Task<WebServer> StartAsync(ServerSettings settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = settings.MaxUploadBytes;
            k.AddServerHeader = false;
        });
        builder.WebHost.UseUrls(settings.Urls);
        var app = builder.Build();
        var models = new ModelCatalog(Path.Combine(settings.WorkFolder, "models"));
        var engine = new UpscaleEngine(settings);
        var queue = new JobQueue(engine, settings, models);
        var server = new WebServer(app, queue, engine, settings);
        app.Use(server.Guard);
        foreach (var (path, resource, type) in new[]
        {
            ("/", "index.html", "text/html; charset=utf-8"),
            ("/app.js", "app.js", "text/javascript; charset=utf-8"),
            ("/app.css", "app.css", "text/css; charset=utf-8"),
        })
            app.MapGet(path, () => Results.Stream(Page(resource), type));
        new ApiEndpoints(settings, queue, models, engine).Map(app);
        await app.StartAsync();
        return server;
    }

    public Task WaitForShutdownAsync(CancellationToken cancel) => _app.WaitForShutdownAsync(cancel);

    private static Stream Page(string name) =>
        typeof(WebServer).Assembly.GetManifestResourceStream("Esrgan.Cli.Serve.wwwroot." + name)
        ?? throw new InvalidOperationException($"the page resource {name} is missing from the build");

    private async Task Guard(HttpContext context, RequestDelegate next)
    {
        try
        {
            CheckHost(context.Request);
            CheckToken(context);
            CheckOrigin(context.Request);
            await next(context);
        }
        catch (ApiError e)
        {
            await Refuse(context, e.Status, e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Refuse(context, 413, $"the request body is larger than the limit of {_settings.MaxUploadBytes / (1 << 20)} MB (--max-upload-mb)");
        }
        catch (BadHttpRequestException e)
        {
            await Refuse(context, e.StatusCode, e.Message);
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private static async Task Refuse(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted) return;
        context.Response.Clear();
        context.Response.StatusCode = status;
        // The body may be unread (too large); the client learns why and the connection is not reused.
        if (status == 413) context.Response.Headers.Connection = "close";
        await context.Response.WriteAsJsonAsync(new { error = message });
    }

    private void CheckHost(HttpRequest request)
    {
        if (_settings.Token != null) return;
        string host = request.Host.Host;
        if (host.Contains(':') && !host.StartsWith('[')) host = $"[{host}]";
        if (!LocalHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
            throw new ApiError(403, $"host '{request.Host}' is not this machine's loopback name (the server listens on loopback only)");
    }

    private void CheckToken(HttpContext context)
    {
        if (_settings.Token is not { } token) return;
        var request = context.Request;
        string? given = request.Query["token"].FirstOrDefault();
        if (given != null && Same(given, token))
        {
            context.Response.Cookies.Append(TokenCookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
            return;
        }
        string auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.Ordinal) && Same(auth[7..], token)) return;
        if (request.Cookies[TokenCookie] is { } cookie && Same(cookie, token)) return;
        throw new ApiError(401, "a token is needed: open the address esrgan serve printed (with ?token=), or send Authorization: Bearer TOKEN");
    }

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    /// <summary>Browsers send Origin on cross-site writes; only the page itself may post (curl sends none).</summary>
    private static void CheckOrigin(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) return;
        string? origin = request.Headers.Origin.FirstOrDefault();
        if (origin == null) return;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
            throw new ApiError(403, $"cross-origin request from {origin} refused");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        _queue.Dispose();
        _engine.Dispose();
        await _app.DisposeAsync();
        foreach (string sub in new[] { "jobs", "models", "incoming" })
        {
            string path = Path.Combine(_settings.WorkFolder, sub);
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        if (Directory.Exists(_settings.WorkFolder) && !Directory.EnumerateFileSystemEntries(_settings.WorkFolder).Any())
            Directory.Delete(_settings.WorkFolder);
    }
}
