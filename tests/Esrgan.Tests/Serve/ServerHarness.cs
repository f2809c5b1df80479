using System.Net.Http.Headers;
using System.Text.Json;
using Esrgan.Cli.Serve;
using Esrgan.Formats;
using Esrgan.Layers;
using Esrgan.Models;

namespace Esrgan.Tests.Serve;

/// <summary>A real esrgan server on a free loopback port with its own work folder, and helpers to talk to it.</summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    private readonly WebServer _server;

    private ServerHarness(WebServer server, string folder)
    {
        _server = server;
        Folder = folder;
        BaseAddress = new Uri(server.Addresses[0]);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
    }

    public string Folder { get; }
    public Uri BaseAddress { get; }
    public HttpClient Client { get; }

    public static async Task<ServerHarness> StartAsync(Func<ServerSettings, ServerSettings>? adjust = null)
    {
        string folder = Directory.CreateTempSubdirectory("esrgan-serve-test-").FullName;
        var settings = new ServerSettings { Urls = ["http://127.0.0.1:0"], WorkFolder = Path.Combine(folder, "work") };
        return new ServerHarness(await WebServer.StartAsync(adjust?.Invoke(settings) ?? settings), folder);
    }

    public static MultipartFormDataContent Form(IEnumerable<(string Field, string Value)> fields, params (string Field, string Path)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, value) in fields) form.Add(new StringContent(value), field);
        foreach (var (field, path) in files)
        {
            var content = new ByteArrayContent(File.ReadAllBytes(path));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, field, Path.GetFileName(path));
        }
        return form;
    }

    /// <summary>Posts a job and returns its id (asserting 202).</summary>
    public async Task<string> SubmitAsync(string model, params string[] files)
    {
        using var response = await Client.PostAsync("/api/jobs", Form([("model", model)], files.Select(f => ("files", f)).ToArray()));
        string body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 202) throw new InvalidOperationException($"POST /api/jobs: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Follows the job's server-sent events to its end; returns every status the stream carried.</summary>
    public async Task<List<JsonElement>> EventsAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var response = await Client.GetAsync($"/api/jobs/{id}/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Xunit.Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var statuses = new List<JsonElement>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
            if (line.StartsWith("data: ", StringComparison.Ordinal))
                statuses.Add(JsonDocument.Parse(line[6..]).RootElement.Clone());
        return statuses;
    }

    /// <summary>A small random RRDBNet x2 saved as safetensors (a fast model for tests).</summary>
    public static string TinyModel(string folder, string name, int seed, int blocks = 1)
    {
        using var net = new RrdbNet(scale: 2, numFeat: 8, numBlock: blocks, numGrowCh: 8);
        Init.KaimingNormal(net, new Random(seed), 0.3f);
        string path = Path.Combine(folder, name);
        ModelFile.SaveSafetensors(path, net.StateDict(), new ModelSpec("RRDBNet", new Dictionary<string, int>
        {
            ["num_in_ch"] = 3, ["num_out_ch"] = 3, ["scale"] = 2, ["num_feat"] = 8, ["num_block"] = blocks, ["num_grow_ch"] = 8,
        }));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
