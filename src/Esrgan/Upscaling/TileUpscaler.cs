using Esrgan.Evaluation;
using Esrgan.Imaging;
using Esrgan.Imaging.Resize;
using Esrgan.Layers;

namespace Esrgan.Upscaling;

/// <summary>
/// Upscales images tile by tile and hands the result on in full-width row bands, so an output never has to be
/// held whole. Grey images go through the network as RGB and come back grey; alpha is upscaled by the network or
/// by bicubic interpolation. With a second network the two results are blended (image interpolation).
/// </summary>
internal sealed class TileUpscaler : ISuperResolver
{
    private readonly NetworkRunner _main;
    private readonly NetworkRunner? _blend;
    private readonly float _blendAlpha;
    private readonly UpscalerOptions _options;
    private readonly TileSizer _sizer;
    private readonly long _budget;

    public TileUpscaler(Module network, UpscalerOptions? options = null, Module? blendWith = null, float blendAlpha = 0)
    {
        _options = options ?? new UpscalerOptions();
        _options.Validate();
        _main = new NetworkRunner(network) { Precision = _options.Precision };
        _budget = _options.MemoryBudgetBytes > 0 ? _options.MemoryBudgetBytes : TileSizer.DefaultBudgetBytes();
        _sizer = new TileSizer(_main, _budget, _options.TilePad);
        if (blendWith != null)
        {
            _blend = new NetworkRunner(blendWith) { Precision = _options.Precision };
            if (_blend.Scale != _main.Scale || _blend.Shape.InChannels != _main.Shape.InChannels || _blend.Shape.OutChannels != _main.Shape.OutChannels)
                throw new ArgumentException($"cannot blend a x{_main.Scale} network with a x{_blend.Scale} one of other channels");
            _blendAlpha = blendAlpha;
        }
        if (_main.Shape.InChannels is not (1 or 3) || _main.Shape.OutChannels != _main.Shape.InChannels)
            throw new ArgumentException("upscaling needs a network with 1 or 3 channels in and out");
    }

    public int Scale => _main.Scale;

    /// <summary>The tile side for an image of this width: the option, or the largest that fits the memory budget.</summary>
    public int TileSizeFor(int width, int channels) => _options.TileSize > 0 ? _options.TileSize : _sizer.For(width, channels);

    public long CountTiles(int width, int height, int channels) => TileGrid.Count(width, height, TileSizeFor(width, channels));

    /// <summary>
    /// The limits to open an input with: <paramref name="limits"/>, whose decoded-bytes budget, when automatic, is this
    /// upscaler's memory budget (an image that would cost more to decode whole is read row by row or refused).
    /// </summary>
    public LoadLimits InputLimits(LoadLimits limits) =>
        limits.MaxDecodedImageBytes > 0 ? limits : limits with { MaxDecodedImageBytes = _budget };

    /// <summary>
    /// Throws unless an input read row by row can be upscaled into this output (<see cref="ImageInput.CheckOutput"/>)
    /// within the memory budget: the band of input rows a tile row reads and the band of output rows it fills.
    /// </summary>
    public void CheckStreamed(ImageInput input, ImageFormat outputFormat, bool resized)
    {
        if (!input.Streamed) return;
        input.CheckOutput(outputFormat, resized);
        int s = Scale, tile = Math.Min(TileSizeFor(input.Width, input.Channels), input.Height);
        long outWidth = (long)input.Width * s, outHeight = (long)input.Height * s;
        if (outWidth > int.MaxValue || outHeight > int.MaxValue)
            throw new ImageFileException(input.Path, $"the x{s} result, {outWidth:N0} x {outHeight:N0}, is larger than a PNG can be (2,147,483,647 a side)");
        long inputRows = Math.Min(input.Height, tile + 2L * _options.TilePad), outputRows = (long)tile * s;
        long bandSamples = outWidth * outputRows * input.Channels, inputSamples = input.Width * inputRows * input.Channels;
        long bytes = (bandSamples + inputSamples) * sizeof(float);
        if (bytes > _budget || bandSamples > Array.MaxLength || inputSamples > Array.MaxLength)
            throw new ImageFileException(input.Path, $"{input.Width:N0} x {input.Height:N0} is upscaled row by row, but {inputRows:N0} input rows " +
                $"and {outputRows:N0} output rows at a time need {bytes:N0} bytes, over the memory budget of {_budget:N0} bytes " +
                "(raise it with --memory-mb or UpscalerOptions.MemoryBudgetBytes, or lower the tile size)");
    }

    public Image Upscale(Image lr) => Upscale(lr, null, CancellationToken.None);

    /// <summary>The whole upscaled image in memory; cancellation is checked before every tile.</summary>
    public Image Upscale(Image lr, Action? tileDone, CancellationToken cancellationToken)
    {
        int s = Scale;
        var pixels = new float[(long)lr.Width * s * lr.Height * s * lr.Channels];
        long offset = 0;
        Upscale(lr, (rows, count) =>
        {
            rows.CopyTo(pixels.AsSpan((int)offset));
            offset += rows.Length;
        }, tileDone, cancellationToken);
        return new Image(lr.Width * s, lr.Height * s, lr.Channels, lr.BitDepth, pixels, lr.IccProfile, lr.Exif);
    }

    /// <summary>
    /// Upscales <paramref name="input"/>, passing each finished band of output rows (HWC, input's channels) to the
    /// sink. Cancellation is checked before every tile, so it takes effect within one tile.
    /// </summary>
    /// <remarks>
    /// The input's rows are asked for one tile row (with its padding) at a time, top to bottom, so an input read row by
    /// row (<see cref="StreamedRows"/>) holds only that band.
    /// </remarks>
    public void Upscale(IImageRows input, Action<ReadOnlySpan<float>, int> sink, Action? tileDone = null, CancellationToken cancellationToken = default)
    {
        int s = Scale, c = input.Channels, outWidth = input.Width * s;
        float[] band = [];
        foreach (var row in TileGrid.Rows(input.Width, input.Height, TileSizeFor(input.Width, c), _options.TilePad))
        {
            int bandRows = row[0].Height * s;
            var rows = input.Band(row[0].PadY0, row[0].PadY1);
            // One band array for every tile row (the sink cannot keep a span): no band-sized garbage per tile row.
            if (band.LongLength < (long)outWidth * bandRows * c) band = new float[(long)outWidth * bandRows * c];
            foreach (var tile in row)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = UpscaleCrop(rows, input.Width, c, tile);
                int cropOutWidth = tile.PaddedWidth * s;
                int dx = (tile.X0 - tile.PadX0) * s, dy = (tile.Y0 - tile.PadY0) * s, w = tile.Width * s;
                for (int y = 0; y < bandRows; y++)
                    Array.Copy(result, ((long)(dy + y) * cropOutWidth + dx) * c, band, ((long)y * outWidth + tile.X0 * s) * c, (long)w * c);
                tileDone?.Invoke();
            }
            sink(band.AsSpan(0, outWidth * bandRows * c), bandRows);
        }
    }

    /// <summary>The padded region of a tile, upscaled, with the input's channels.</summary>
    private float[] UpscaleCrop(RowBand rows, int width, int c, Tile tile)
    {
        int w = tile.PaddedWidth, h = tile.PaddedHeight, s = Scale;
        bool alpha = c is 2 or 4, grey = c <= 2;
        int colour = grey ? 1 : 3;
        var colourIn = new float[(long)w * h * colour];
        var alphaIn = alpha ? new float[(long)w * h] : null;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                long src = ((long)(tile.PadY0 - rows.FirstRow + y) * width + tile.PadX0 + x) * c, dst = (long)y * w + x;
                for (int k = 0; k < colour; k++) colourIn[dst * colour + k] = rows.Pixels[src + k];
                if (alphaIn != null) alphaIn[dst] = rows.Pixels[src + colour];
            }
        var colourOut = Network(colourIn, h, w, colour);
        float[]? alphaOut = alphaIn == null ? null
            : _options.Alpha == AlphaMode.Model ? Network(alphaIn, h, w, 1)
            : MatlabImresize.Resize(alphaIn, h, w, 1, s);
        long pixels = (long)w * s * h * s;
        var result = new float[pixels * c];
        for (long p = 0; p < pixels; p++)
        {
            for (int k = 0; k < colour; k++) result[p * c + k] = Math.Clamp(colourOut[p * colour + k], 0f, 1f);
            if (alphaOut != null) result[p * c + colour] = Math.Clamp(alphaOut[p], 0f, 1f);
        }
        return result;
    }

    /// <summary>Runs the network(s) on a 1- or 3-channel crop, converting between grey and RGB as the network needs.</summary>
    private float[] Network(float[] hwc, int h, int w, int channels)
    {
        int netChannels = _main.Shape.InChannels;
        var input = channels == netChannels ? hwc : channels == 1 ? GreyToRgb(hwc) : RgbToGrey(hwc);
        var output = Run(_main, input, h, w);
        if (_blend != null)
        {
            var other = Run(_blend, input, h, w);
            for (long i = 0; i < output.LongLength; i++) output[i] = (1 - _blendAlpha) * output[i] + _blendAlpha * other[i];
        }
        return channels == netChannels ? output : channels == 1 ? RgbToGrey(output) : GreyToRgb(output);
    }

    private float[] Run(NetworkRunner runner, float[] hwc, int h, int w) =>
        _options.Tta ? runner.RunEnsemble(hwc, h, w) : runner.Run(hwc, h, w);

    private static float[] GreyToRgb(float[] grey)
    {
        var rgb = new float[grey.LongLength * 3];
        for (long i = 0; i < grey.LongLength; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey[i];
        return rgb;
    }

    /// <summary>ITU-R BT.601 luma, as OpenCV's RGB2GRAY (what Real-ESRGAN uses for grey and alpha).</summary>
    private static float[] RgbToGrey(float[] rgb)
    {
        var grey = new float[rgb.LongLength / 3];
        for (long i = 0; i < grey.LongLength; i++) grey[i] = 0.299f * rgb[3 * i] + 0.587f * rgb[3 * i + 1] + 0.114f * rgb[3 * i + 2];
        return grey;
    }
}
