using Esrgan.Models.Architectures;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Esrgan.Formats;
using Esrgan.Imaging;
using Esrgan.Models;
using Esrgan.Tests.Upscaling;
using Esrgan.Upscaling;
using Xunit;

namespace Esrgan.Tests.Serve;

/// <summary>The JSON API on a real Kestrel: jobs, events, results, limits, the queue, interpolation and the token.</summary>
public sealed class ServeApiTests
{
    [Fact]
    public async Task AnUploadedImageComesBackAsTheUpscalersResultWithProgressEvents()
    {
        await using var server = await ServerHarness.StartAsync();
        string input = Path.Combine(server.Folder, "small.png");
        ImageCodec.Write(input, TilingTests.Pattern(40, 30, 3, seed: 7));
        string id = await server.SubmitAsync("realesrgan-x4fast", input);
        var events = await server.EventsAsync(id);
        var last = events[^1];
        Assert.Equal("done", last.GetProperty("state").GetString());
        Assert.Equal(1.0, last.GetProperty("progress").GetDouble());
        Assert.Contains(events, e => e.GetProperty("state").GetString() is "queued" or "running");
        var item = last.GetProperty("items")[0];
        Assert.Equal((160, 120), (item.GetProperty("width").GetInt32(), item.GetProperty("height").GetInt32()));

        string result = Path.Combine(server.Folder, "result.png");
        await File.WriteAllBytesAsync(result, await server.Client.GetByteArrayAsync($"/api/jobs/{id}/results/0"));
        using var model = ModelStore.Default.Get("realesrgan-x4fast");
        string expected = Path.Combine(server.Folder, "expected.png");
        ImageCodec.Write(expected, new TileUpscaler(model.Network).Upscale(ImageCodec.Read(input)));
        Assert.Equal(ImageCodec.Read(expected).Pixels, ImageCodec.Read(result).Pixels);

        using var zip = new System.IO.Compression.ZipArchive(await server.Client.GetStreamAsync($"/api/jobs/{id}/results.zip"));
        Assert.Equal(["small_out.png"], zip.Entries.Select(e => e.FullName));
    }

    [Fact]
    public async Task BadUploadsGetAClearClientErrorAndTheServerKeepsServing()
    {
        await using var server = await ServerHarness.StartAsync();
        string text = Path.Combine(server.Folder, "notes.png");
        await File.WriteAllTextAsync(text, "not an image");
        var (status, message) = await PostJob(server, text);
        Assert.Equal(400, status);
        Assert.Contains("notes.png: not a PNG, JPEG or WebP file", message);

        string huge = Path.Combine(server.Folder, "huge.png");
        await File.WriteAllBytesAsync(huge, Esrgan.Tests.Imaging.PngChunks.WithHeader(1_000_000, 1_000_000, 8, 2, idat: [0x78, 0x9C, 0x63, 0x60, 0, 0, 0, 2, 0, 1, 0]));
        Assert.Equal(68, new FileInfo(huge).Length);
        (status, message) = await PostJob(server, huge);
        // Refused from the header, by the decoder's own limit or the server's --max-pixels, whichever is lower.
        Assert.Contains(status, new[] { 400, 413 });
        Assert.Contains("huge.png:", message);
        Assert.Contains("1,000,000 x 1,000,000", message);

        string response = await TwoGigabyteBody(server.BaseAddress);
        Assert.StartsWith("HTTP/1.1 413", response);
        Assert.Contains("larger than the limit of 1024 MB", response);

        using var form = ServerHarness.Form([("model", "realesrgan-x4fast"), ("colour", "red")]);
        using var unknown = await server.Client.PostAsync("/api/jobs", form);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("unknown field 'colour'", await unknown.Content.ReadAsStringAsync());

        using var models = await server.Client.GetAsync("/api/models");
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        Assert.Empty(Directory.GetDirectories(Path.Combine(server.Folder, "work", "jobs")));
    }

    [Fact]
    public async Task JobsRunOneAtATimeAndACancelledJobStops()
    {
        await using var server = await ServerHarness.StartAsync();
        string modelId = await UploadTinyModel(server);
        var images = Enumerable.Range(0, 6).Select(i =>
        {
            string path = Path.Combine(server.Folder, $"img{i}.png");
            ImageCodec.Write(path, TilingTests.Pattern(48, 40, 3, seed: i));
            return path;
        }).ToArray();
        string first = await server.SubmitAsync(modelId, images);
        string second = await server.SubmitAsync(modelId, images[0]);
        // The second job waits while the first runs (asked before the cancel: afterwards it may start at once).
        string waiting = await server.Client.GetStringAsync($"/api/jobs/{second}");
        Assert.Equal("queued", System.Text.Json.JsonDocument.Parse(waiting).RootElement.GetProperty("state").GetString());
        using (var cancel = await server.Client.DeleteAsync($"/api/jobs/{first}")) Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var secondEvents = await server.EventsAsync(second);
        var firstEvents = await server.EventsAsync(first);
        Assert.Equal("cancelled", firstEvents[^1].GetProperty("state").GetString());
        Assert.Contains(firstEvents[^1].GetProperty("items").EnumerateArray(), i => i.GetProperty("state").GetString() == "cancelled");
        Assert.Equal("done", secondEvents[^1].GetProperty("state").GetString());
        using var gone = await server.Client.GetAsync($"/api/jobs/{second}/results/5");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task TheInterpolationPreviewIsTheNetworkOfTheBlendedWeights()
    {
        await using var server = await ServerHarness.StartAsync();
        string a = ServerHarness.TinyModel(server.Folder, "psnr.safetensors", seed: 1);
        string b = ServerHarness.TinyModel(server.Folder, "gan.safetensors", seed: 2);
        string other = ServerHarness.TinyModel(server.Folder, "deeper.safetensors", seed: 3, blocks: 2);
        var ids = new List<string>();
        foreach (string model in new[] { a, b, other })
        {
            using var response = await server.Client.PostAsync("/api/models", ServerHarness.Form([], ("file", model)));
            ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
        }
        string crop = Path.Combine(server.Folder, "crop.png");
        ImageCodec.Write(crop, TilingTests.Pattern(20, 16, 3, seed: 9));
        foreach (double alpha in new[] { 0, 0.3, 1 })
        {
            using var response = await server.Client.PostAsync("/api/interpolate-preview",
                ServerHarness.Form([("modelA", ids[0]), ("modelB", ids[1]), ("alpha", alpha.ToString(System.Globalization.CultureInfo.InvariantCulture))], ("image", crop)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            string got = Path.Combine(server.Folder, $"got{alpha}.png");
            await File.WriteAllBytesAsync(got, await response.Content.ReadAsByteArrayAsync());
            var first = ModelFile.Load(a);
            using var blended = ArchitectureRegistry.Load(new LoadedModel(NetworkInterpolation.Interpolate(first, ModelFile.Load(b), alpha, "a", "b"), first.Spec, "test"));
            string expected = Path.Combine(server.Folder, $"expected{alpha}.png");
            ImageCodec.Write(expected, new TileUpscaler(blended).Upscale(ImageCodec.Read(crop)));
            Assert.Equal(ImageCodec.Read(expected).Pixels, ImageCodec.Read(got).Pixels);
        }
        using var mismatch = await server.Client.PostAsync("/api/interpolate-preview",
            ServerHarness.Form([("modelA", ids[0]), ("modelB", ids[2]), ("alpha", "0.5")], ("image", crop)));
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("differ in architecture", await mismatch.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AVideoJobComesBackAsAnMp4WithItsFramesAndAudio()
    {
        await using var server = await ServerHarness.StartAsync();
        string modelId = await UploadTinyModel(server);
        string clip = Esrgan.Tests.Video.TestClips.Make(server.Folder, "clip.mov", width: 32, height: 24, seconds: 1);
        string id = await server.SubmitAsync(modelId, clip);
        var last = (await server.EventsAsync(id))[^1];
        Assert.Equal("done", last.GetProperty("state").GetString());
        string result = Path.Combine(server.Folder, "clip_out.mp4");
        await File.WriteAllBytesAsync(result, await server.Client.GetByteArrayAsync($"/api/jobs/{id}/results/0"));
        var (streams, _) = Esrgan.Tests.Video.TestClips.Probe(result);
        Assert.Equal((10L, 64, 48), streams.Where(s => s.Type == "video").Select(s => (s.Packets, s.Width, s.Height)).Single());
        Assert.Single(streams, s => s.Type == "audio");
    }

    [Fact]
    public async Task FinishedJobsAndUploadedModelsAreDeletedAfterTheKeepTime()
    {
        await using var server = await ServerHarness.StartAsync(s => s with { Keep = TimeSpan.FromSeconds(3) });
        string input = Path.Combine(server.Folder, "small.png");
        ImageCodec.Write(input, TilingTests.Pattern(12, 10, 3));
        string id = await server.SubmitAsync("realesrgan-x4fast", input);
        Assert.Equal("done", (await server.EventsAsync(id))[^1].GetProperty("state").GetString());
        string jobs = Path.Combine(server.Folder, "work", "jobs");
        Assert.Single(Directory.GetDirectories(jobs));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.GetDirectories(jobs).Length > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Empty(Directory.GetDirectories(jobs));
        using var gone = await server.Client.GetAsync($"/api/jobs/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        string modelId = await UploadTinyModel(server);
        string models = Path.Combine(server.Folder, "work", "models");
        while (Directory.GetFiles(models).Length > 0 && DateTime.UtcNow < deadline.AddSeconds(30)) await Task.Delay(100);
        Assert.Empty(Directory.GetFiles(models));
        Assert.DoesNotContain(modelId, await server.Client.GetStringAsync("/api/models"));
    }

    private static async Task<string> UploadTinyModel(ServerHarness server)
    {
        string model = ServerHarness.TinyModel(server.Folder, "tiny.safetensors", seed: 1);
        using var upload = await server.Client.PostAsync("/api/models", ServerHarness.Form([], ("file", model)));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        return JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task WithATokenEveryRequestMustCarryIt()
    {
        const string token = "0123456789abcdef0123";
        await using var server = await ServerHarness.StartAsync(s => s with { Token = token });
        using (var refused = await server.Client.GetAsync("/api/models")) Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using (var page = await server.Client.GetAsync("/?token=" + token))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("esrgan_token=" + token, string.Join(";", page.Headers.GetValues("Set-Cookie")));
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var allowed = await server.Client.SendAsync(request)) Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.False(Esrgan.Cli.Serve.ServerSettings.IsLoopback("http://0.0.0.0:8600"));
        Assert.False(Esrgan.Cli.Serve.ServerSettings.IsLoopback("http://*:8600"));
        Assert.True(Esrgan.Cli.Serve.ServerSettings.IsLoopback("http://localhost:8600"));
    }

    private static async Task<(int Status, string Message)> PostJob(ServerHarness server, string file)
    {
        using var response = await server.Client.PostAsync("/api/jobs", ServerHarness.Form([("model", "realesrgan-x4fast")], ("files", file)));
        string body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!);
    }

    /// <summary>Announces a 2 GB body, sends a little of it, and returns what the server answers.</summary>
    private static async Task<string> TwoGigabyteBody(Uri server)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(server.Host, server.Port);
        var stream = socket.GetStream();
        string head = $"POST /api/jobs HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: multipart/form-data; boundary=b\r\n" +
            "Content-Length: 2147483648\r\n\r\n--b\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + new string('x', 8192)));
        var buffer = new byte[4096];
        var answer = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int n;
        while ((n = await stream.ReadAsync(buffer, timeout.Token)) > 0) answer.Append(Encoding.ASCII.GetString(buffer, 0, n));
        return answer.ToString();
    }
}
