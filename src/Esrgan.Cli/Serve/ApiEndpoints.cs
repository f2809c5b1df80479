using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Esrgan.IO;
using Esrgan.Upscaling;

namespace Esrgan.Cli.Serve;

/// <summary>The JSON API under /api (documented in the README) that the page uses.</summary>
internal sealed class ApiEndpoints(ServerSettings settings, JobQueue queue, ModelCatalog models, UpscaleEngine engine)
{
    private static readonly string[] JobFields = ["model", "outscale", "tile", "tta", "alpha"];

    public void Map(WebApplication app)
    {
        app.MapGet("/api/models", ListModels);
        app.MapPost("/api/models", (Delegate)UploadModel);
        app.MapPost("/api/jobs", (Delegate)CreateJob);
        app.MapGet("/api/jobs/{id}", (string id) => Results.Json(queue.Find(id).Snapshot()));
        app.MapDelete("/api/jobs/{id}", (string id) =>
        {
            queue.Cancel(id);
            return Results.Json(queue.Find(id).Snapshot());
        });
        app.MapGet("/api/jobs/{id}/events", Events);
        app.MapGet("/api/jobs/{id}/results/{n:int}", Result);
        app.MapGet("/api/jobs/{id}/results.zip", Zip);
        app.MapPost("/api/interpolate-preview", (Delegate)Preview);
    }

    private IResult ListModels() => Results.Json(models.All.Select(Describe).ToArray());

    private object Describe(ModelEntry m)
    {
        var spec = models.SpecOf(m);
        return new { id = m.Id, name = m.Name, source = m.Source, architecture = spec?.ToString(), scale = spec?.Scale };
    }

    private async Task<IResult> UploadModel(HttpContext context)
    {
        string folder = Path.Combine(settings.WorkFolder, "incoming", Guid.NewGuid().ToString("N"));
        try
        {
            var form = await MultipartUpload.ReadAsync(context.Request, folder, context.RequestAborted);
            var file = form.Files.SingleOrDefault(f => f.Field == "file") ?? throw new ApiError(400, "expected one model file in the field 'file'");
            return Results.Json(Describe(models.Add(file.Path, file.Name)), statusCode: 201);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<IResult> CreateJob(HttpContext context)
    {
        string id = Guid.NewGuid().ToString("N")[..16];
        string folder = Path.Combine(settings.WorkFolder, "jobs", id);
        try
        {
            var form = await MultipartUpload.ReadAsync(context.Request, Path.Combine(folder, "uploads"), context.RequestAborted);
            if (form.Fields.Keys.FirstOrDefault(k => !JobFields.Contains(k)) is { } unknown)
                throw new ApiError(400, $"unknown field '{unknown}' (expected files and {string.Join(", ", JobFields)})");
            var options = ParseOptions(form);
            var files = form.Files.Where(f => f.Field == "files").ToList();
            if (files.Count == 0) throw new ApiError(400, "no files: send images or videos in the field 'files'");
            var items = files.Select((f, n) => Item(n, f, options)).ToList();
            var job = new Job(id, folder, options, items);
            queue.Submit(job);
            return Results.Json(new { id, status = $"/api/jobs/{id}", events = $"/api/jobs/{id}/events" }, statusCode: 202);
        }
        catch
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    private JobOptions ParseOptions(MultipartUpload form)
    {
        var model = models.Find(form.Field("model") ?? ModelStore.DefaultModel, "model");
        double? outscale = form.Field("outscale") is { } o
            ? double.TryParse(o, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 && s <= 16 ? s
                : throw new ApiError(400, $"outscale '{o}': expected a number above 0 and at most 16")
            : null;
        int tile = form.Field("tile") is { } t
            ? int.TryParse(t, CultureInfo.InvariantCulture, out int v) && (v == 0 || v is >= 16 and <= 4096) ? v
                : throw new ApiError(400, $"tile '{t}': expected 0 (automatic) or 16 to 4096")
            : 0;
        bool tta = form.Field("tta") switch
        {
            null or "false" or "0" or "off" => false,
            "true" or "1" or "on" => true,
            var x => throw new ApiError(400, $"tta '{x}': expected true or false"),
        };
        var alpha = form.Field("alpha") switch
        {
            null or "model" => AlphaMode.Model,
            "bicubic" => AlphaMode.Bicubic,
            var x => throw new ApiError(400, $"alpha '{x}': expected model or bicubic"),
        };
        return new JobOptions(model, outscale, tile, tta, alpha);
    }

    /// <summary>Checks an upload from its header (or ffprobe's report) against the limits before anything is decoded.</summary>
    private JobItem Item(int index, UploadedFile file, JobOptions options)
    {
        if (UpscaleEngine.IsVideo(file.Name))
        {
            var video = UpscaleEngine.ReadVideoInfo(file.Path, file.Name);
            CheckPixels(file.Name, video.Width, video.Height);
            return new JobItem(index, file.Name, true, file.Path, (long)video.Width * video.Height * video.Frames);
        }
        var info = UpscaleEngine.ReadImageInfo(file.Path, file.Name);
        CheckPixels(file.Name, info.Width, info.Height);
        return new JobItem(index, file.Name, false, file.Path, (long)info.Width * info.Height * (options.Tta ? 8 : 1));
    }

    private void CheckPixels(string name, long width, long height)
    {
        if (width * height > settings.MaxPixels)
            throw new ApiError(413, $"{name}: {width:N0} x {height:N0} = {width * height:N0} pixels, more than the limit of {settings.MaxPixels:N0} (--max-pixels)");
    }

    private async Task Events(HttpContext context, string id)
    {
        var job = queue.Find(id);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        try
        {
            await JobEventStream.WriteAsync(job, async (text, cancel) =>
            {
                await response.WriteAsync(text, Encoding.UTF8, cancel);
                await response.Body.FlushAsync(cancel);
            }, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private IResult Result(string id, int n)
    {
        var job = queue.Find(id);
        if (n < 0 || n >= job.Items.Count) throw new ApiError(404, $"job {id} has no item {n} (it has {job.Items.Count})");
        var item = job.Items[n];
        if (item.State != ItemState.Done || item.OutputPath == null)
            throw new ApiError(409, $"item {n} ({item.Name}) is {item.State.ToString().ToLowerInvariant()}, not done{(item.Error != null ? ": " + item.Error : "")}");
        return Results.File(item.OutputPath, item.IsVideo ? "video/mp4" : "image/png", item.ResultName);
    }

    private IResult Zip(string id)
    {
        var job = queue.Find(id);
        var done = job.Items.Where(i => i.State == ItemState.Done && i.OutputPath != null).ToList();
        if (done.Count == 0) throw new ApiError(409, $"job {id} has no finished results yet");
        string zip = Path.Combine(job.Folder, $"results-{job.Version}.zip");
        if (!File.Exists(zip))
            AtomicFile.Write(zip, stream =>
            {
                using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var item in done)
                {
                    string name = names.Add(item.ResultName) ? item.ResultName : $"{item.Index}_{item.ResultName}";
                    names.Add(name);
                    archive.CreateEntryFromFile(item.OutputPath!, name, CompressionLevel.NoCompression);
                }
            });
        return Results.File(zip, "application/zip", $"esrgan-{id}.zip");
    }

    private async Task<IResult> Preview(HttpContext context)
    {
        string folder = Path.Combine(settings.WorkFolder, "incoming", Guid.NewGuid().ToString("N"));
        try
        {
            var form = await MultipartUpload.ReadAsync(context.Request, folder, context.RequestAborted);
            var crop = form.Files.SingleOrDefault(f => f.Field == "image") ?? throw new ApiError(400, "expected the crop as one image in the field 'image'");
            var a = models.Find(form.Field("modelA") ?? throw new ApiError(400, "field modelA: missing"), "modelA");
            var b = models.Find(form.Field("modelB") ?? throw new ApiError(400, "field modelB: missing"), "modelB");
            string text = form.Field("alpha") ?? throw new ApiError(400, "field alpha: missing");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double alpha) || alpha is < 0 or > 1)
                throw new ApiError(400, $"alpha '{text}': expected a number from 0 to 1");
            byte[] png = await Task.Run(() => engine.Preview(crop.Path, crop.Name, a, b, alpha), context.RequestAborted);
            return Results.File(png, "image/png");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
