using System.Diagnostics;
using Esrgan.Imaging;
using Esrgan.Imaging.Resize;
using Esrgan.Native;
using Esrgan.Upscaling;

namespace Esrgan;

/// <summary>
/// Upscales images with a <see cref="SuperResolutionModel"/>, tile by tile so that memory stays within the budget.
/// Grey images stay grey, alpha is kept, 16-bit PNG stays 16-bit. Progress is reported after every tile, and
/// cancellation takes effect before the next tile; a cancelled or failed file upscale leaves no output file.
/// One upscaler runs one image at a time.
/// </summary>
public sealed class Upscaler : IDisposable
{
    private readonly TileUpscaler _engine;
    private readonly SuperResolutionModel _model;
    private readonly SuperResolutionModel? _blend;
    private bool _disposed;

    /// <summary>An upscaler for <paramref name="model"/>, which must stay open while the upscaler is used.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public Upscaler(SuperResolutionModel model, UpscalerOptions? options = null)
        : this(model, null, 0, options)
    {
    }

    /// <summary>
    /// Image interpolation: every tile is upscaled by both models and blended as
    /// (1 - <paramref name="blendWeight"/>) * model + <paramref name="blendWeight"/> * <paramref name="blendWith"/>.
    /// </summary>
    /// <param name="model">The main model.</param>
    /// <param name="blendWith">A second model of the same scale and channels, or null for none.</param>
    /// <param name="blendWeight">The second model's weight, 0 to 1.</param>
    /// <param name="options">How to upscale; null for the defaults.</param>
    public Upscaler(SuperResolutionModel model, SuperResolutionModel? blendWith, float blendWeight, UpscalerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (blendWith != null && !(blendWeight is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(blendWeight), blendWeight, "the blend weight must be 0 to 1");
        Options = options ?? new UpscalerOptions();
        _model = model;
        _blend = blendWith;
        _engine = new TileUpscaler(model.Network, Options, blendWith?.Network, blendWeight);
    }

    /// <summary>The tiling engine, for the command line's own file handling (sharding, alpha flattening).</summary>
    internal TileUpscaler Engine => _engine;

    /// <summary>The limits input files are opened with (default <see cref="LoadLimits.Current"/>); the decoded-bytes budget, when automatic, is the memory budget.</summary>
    internal LoadLimits? Limits { get; init; }

    /// <summary>The options this upscaler was made with.</summary>
    public UpscalerOptions Options { get; }

    /// <summary>The model's scale (before <see cref="UpscalerOptions.OutputScale"/>).</summary>
    public int ModelScale => _model.Scale;

    /// <summary>The number of tiles an image of this size is cut into (what <see cref="UpscaleProgress.TileCount"/> will say).</summary>
    public long CountTiles(int width, int height, int channels)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using (OpenMp.Threads(Options.Threads)) return _engine.CountTiles(width, height, channels);
    }

    /// <summary>Upscales an image in memory.</summary>
    /// <param name="image">The input; it is not changed.</param>
    /// <param name="progress">Told after every tile; may be null.</param>
    /// <param name="cancellationToken">Checked before every tile.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public ImageBuffer Upscale(ImageBuffer image, IProgress<UpscaleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var input = image.Image;
        var upscaled = Run(input, progress, cancellationToken, (tileDone, token) => _engine.Upscale(input, tileDone, token));
        return new ImageBuffer(ToOutputScale(input, upscaled, input.BitDepth));
    }

    /// <summary>
    /// Upscales an image file (PNG, JPEG or WebP) into <paramref name="output"/>, whose extension picks the format.
    /// Rows stream to a temporary file that is renamed into place when complete, so on cancellation or failure no
    /// output file is left and an existing one is unchanged. A PNG too large to decode whole (over the pixel limit, or
    /// costing more than the memory budget) is read row by row, a band of tile rows at a time, into a PNG output.
    /// </summary>
    /// <param name="input">The image to upscale; it is never written.</param>
    /// <param name="output">The file to write (.png, .jpg/.jpeg or .webp).</param>
    /// <param name="progress">Told after every tile; may be null.</param>
    /// <param name="cancellationToken">Checked before every tile.</param>
    /// <exception cref="ImageFileException">The input cannot be read or the output cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public void UpscaleFile(string input, string output, IProgress<UpscaleProgress>? progress = null, CancellationToken cancellationToken = default) =>
        UpscaleFile(input, output, null, progress, cancellationToken);

    /// <summary>Upscales an image file, encoding the result as <paramref name="saveOptions"/> say.</summary>
    /// <param name="input">The image to upscale; it is never written.</param>
    /// <param name="output">The file to write.</param>
    /// <param name="saveOptions">Format and encoder settings; null picks the format from the extension.</param>
    /// <param name="progress">Told after every tile; may be null.</param>
    /// <param name="cancellationToken">Checked before every tile.</param>
    public void UpscaleFile(string input, string output, ImageSaveOptions? saveOptions, IProgress<UpscaleProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        ArgumentException.ThrowIfNullOrEmpty(output);
        if (Path.GetFullPath(input) == Path.GetFullPath(output))
            throw new ArgumentException($"{output}: the output would overwrite the input", nameof(output));
        saveOptions ??= new ImageSaveOptions();
        var format = saveOptions.Format ?? ImageCodec.FormatFromPath(output);
        bool resized = Options.OutputScale is double scale && Math.Abs(scale - ModelScale) > 1e-9;
        using var source = ImageCodec.Open(input, _engine.InputLimits(Limits ?? LoadLimits.Current));
        _engine.CheckStreamed(source, format, resized);
        int bitDepth = format == ImageFormat.Png ? source.BitDepth : 8;
        if (resized)
        {
            var image = source.Whole!;
            var upscaled = Run(image, progress, cancellationToken, (tileDone, token) => _engine.Upscale(image, tileDone, token));
            ImageCodec.Write(output, ToOutputScale(image, upscaled, bitDepth), saveOptions);
            return;
        }
        int s = ModelScale;
        using var writer = ImageCodec.CreateRowWriter(output, source.Width * s, source.Height * s, source.Channels, bitDepth, saveOptions, source.IccProfile, source.Exif);
        Run(source.Rows, progress, cancellationToken, (tileDone, token) =>
        {
            _engine.Upscale(source.Rows, (rows, count) => writer.WriteRows(rows, count), tileDone, token);
            return 0;
        });
        writer.Commit();
    }

    /// <summary>Ends the use of this upscaler (the models stay open; their owner disposes them).</summary>
    /// <summary>Marks the upscaler disposed and returns the native blocks pooled for reuse to the system.</summary>
    public void Dispose()
    {
        _disposed = true;
        Esrgan.Engine.NativeMemoryPool.Trim();
    }

    private T Run<T>(IImageRows input, IProgress<UpscaleProgress>? progress, CancellationToken cancellationToken, Func<Action?, CancellationToken, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ObjectDisposedException.ThrowIf(_model.IsDisposed, _model);
        ObjectDisposedException.ThrowIf(_blend != null && _blend.IsDisposed, _blend!);
        cancellationToken.ThrowIfCancellationRequested();
        using var threads = OpenMp.Threads(Options.Threads);
        Action? tileDone = null;
        if (progress != null)
        {
            int total = checked((int)_engine.CountTiles(input.Width, input.Height, input.Channels)), done = 0;
            var clock = Stopwatch.StartNew();
            tileDone = () => progress.Report(new UpscaleProgress(++done, total, clock.Elapsed));
        }
        return work(tileDone, cancellationToken);
    }

    /// <summary>The model's result, resized to <see cref="UpscalerOptions.OutputScale"/> when that differs from the model's scale.</summary>
    private Image ToOutputScale(Image input, Image upscaled, int bitDepth)
    {
        if (Options.OutputScale is not double wanted || Math.Abs(wanted - ModelScale) <= 1e-9)
            return bitDepth == upscaled.BitDepth ? upscaled : new Image(upscaled.Width, upscaled.Height, upscaled.Channels, bitDepth, upscaled.Pixels, upscaled.IccProfile, upscaled.Exif);
        // As Real-ESRGAN: int(w * outscale), which truncates.
        int outH = Math.Max(1, (int)(input.Height * wanted)), outW = Math.Max(1, (int)(input.Width * wanted));
        var resized = MatlabImresize.Resize(upscaled.Pixels, upscaled.Height, upscaled.Width, upscaled.Channels, outH, outW);
        return new Image(outW, outH, input.Channels, bitDepth, resized, input.IccProfile, input.Exif);
    }
}
