using Esrgan.Cli.Upscale;
using Esrgan.Formats;
using Esrgan.Imaging;
using Esrgan.Layers;
using Esrgan.Models;
using Esrgan.Upscaling;
using Esrgan.Video;

namespace Esrgan.Cli.Serve;

/// <summary>
/// The one place the server meets the upscaling library: it runs a job's items (images to PNG, videos to MP4)
/// with the network of the job's model (kept loaded for the next job), and renders interpolation previews.
/// </summary>
internal sealed class UpscaleEngine(ServerSettings settings) : IDisposable
{
    private readonly Lock _loadedGate = new();
    private readonly Dictionary<string, LoadedModel> _loaded = new();
    private Module? _network;
    private string? _networkPath;

    /// <summary>Upscales one item to <see cref="JobItem.OutputPath"/>, reporting its progress (0 to 1) and ETA.</summary>
    public void Run(Job job, JobItem item, Action<double, double?> progress)
    {
        var o = job.Options;
        var upscaler = new Upscaler(Network(ModelCatalog.PathOf(o.Model)), new UpscaleOptions
        {
            TileSize = o.Tile, Ensemble = o.Tta, Alpha = o.Alpha, MemoryBudgetBytes = settings.MemoryBudgetBytes,
        });
        var cancel = job.Cancellation.Token;
        string output = Path.Combine(job.Folder, "results", item.ResultName);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        if (item.IsVideo)
        {
            string identity = $"{o.Model.Id} tta={o.Tta} {o.Alpha} outscale={o.Outscale}";
            var video = new VideoUpscaler(new FrameUpscaler(upscaler, o.Outscale), new VideoEncoding(), identity);
            var result = video.Run(item.InputPath, output, new Reporter<VideoProgress>(p =>
                progress(p.TotalFrames > 0 ? (double)p.FramesDone / p.TotalFrames : 0, p.Eta?.TotalSeconds)), cancel);
            (item.Width, item.Height) = (result.Width, result.Height);
        }
        else
        {
            var info = ImageCodec.ReadInfo(item.InputPath);
            long tiles = upscaler.CountTiles(info.Width, info.Height, info.Channels), done = 0;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            upscaler.TileDone = () =>
            {
                cancel.ThrowIfCancellationRequested();
                double f = Math.Min(1, (double)++done / tiles);
                progress(f, clock.Elapsed.TotalSeconds * (1 - f) / f);
            };
            new UpscaleJob(upscaler, o.Outscale, 95, null).Run(item.InputPath, output);
            var written = ImageCodec.ReadInfo(output);
            (item.Width, item.Height) = (written.Width, written.Height);
        }
        item.OutputPath = output;
    }

    /// <summary>A crop upscaled by the network interpolation (Eq. 4) of two models at <paramref name="alpha"/>, as PNG.</summary>
    public byte[] Preview(string crop, string cropName, ModelEntry a, ModelEntry b, double alpha)
    {
        var info = ReadImageInfo(crop, cropName);
        if (info.Width > settings.MaxPreviewSide || info.Height > settings.MaxPreviewSide)
            throw new ApiError(400, $"{cropName}: the preview crop is {info.Width}x{info.Height}; at most {settings.MaxPreviewSide} pixels a side");
        var first = Loaded(ModelCatalog.PathOf(a));
        var second = Loaded(ModelCatalog.PathOf(b));
        if (!first.Spec.Equals(second.Spec))
            throw new ApiError(400, $"models {a.Name} ({first.Spec}) and {b.Name} ({second.Spec}) differ in architecture; interpolation needs the same one");
        var weights = NetworkInterpolation.Interpolate(first, second, alpha, a.Name, b.Name);
        using var network = ModelFactory.Load(new LoadedModel(weights, first.Spec, first.Format));
        var result = new Upscaler(network).Upscale(ImageCodec.Read(crop));
        string png = crop + ".out.png";
        try
        {
            ImageCodec.Write(png, new Image(result.Width, result.Height, result.Channels, 8, result.Pixels));
            return File.ReadAllBytes(png);
        }
        finally
        {
            File.Delete(png);
        }
    }

    /// <summary>Header facts of an uploaded image; anything that is not one is refused with the upload's name.</summary>
    public static ImageInfo ReadImageInfo(string path, string name)
    {
        try
        {
            return ImageCodec.ReadInfo(path);
        }
        catch (ImageFileException e)
        {
            throw new ApiError(400, e.Message.Replace(path, name));
        }
    }

    /// <summary>Size and frames of an uploaded video, refused with the upload's name when unreadable or beyond the limits.</summary>
    public static VideoInfo ReadVideoInfo(string path, string name)
    {
        try
        {
            return VideoProbe.Read(path);
        }
        catch (VideoFileException e)
        {
            throw new ApiError(400, e.Message.Replace(path, name));
        }
    }

    public static bool IsVideo(string name) => VideoUpscaler.IsVideo(name);

    private Module Network(string path)
    {
        if (_networkPath == path) return _network!;
        _network?.Dispose();
        _network = null;
        _network = NetworkLoader.Load(path);
        _networkPath = path;
        return _network;
    }

    private LoadedModel Loaded(string path)
    {
        lock (_loadedGate)
        {
            if (_loaded.TryGetValue(path, out var model)) return model;
            if (_loaded.Count >= 4) _loaded.Clear();
            return _loaded[path] = ModelFile.Load(path);
        }
    }

    public void Dispose() => _network?.Dispose();

    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
