using Esrgan.Engine;
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
                var crop = new PixelWindow(rows.Pixels, ((long)(tile.PadY0 - rows.FirstRow) * input.Width + tile.PadX0) * c, input.Width * c, c);
                UpscaleTile(crop, new PixelWindow(band, (long)tile.X0 * s * c, outWidth * c, c), tile, c);
                tileDone?.Invoke();
            }
            sink(band.AsSpan(0, outWidth * bandRows * c), bandRows);
        }
    }

    /// <summary>Upscales the tile's padded crop and writes the tile's own part of the result into <paramref name="into"/>.</summary>
    private void UpscaleTile(PixelWindow crop, PixelWindow into, Tile tile, int c)
    {
        int colour = c <= 2 ? 1 : 3;
        UpscaleChannels(crop, into, colour, tile);
        if (c is not (2 or 4)) return;
        if (_options.Alpha == AlphaMode.Model) UpscaleChannels(crop.FromChannel(colour), into.FromChannel(colour), 1, tile);
        else BicubicAlpha(crop.FromChannel(colour), into.FromChannel(colour), tile);
    }

    /// <summary>Runs the network(s) on 1 or 3 channels of the crop (blending two networks' results) into the same channels of the band.</summary>
    private void UpscaleChannels(PixelWindow crop, PixelWindow into, int channels, Tile tile)
    {
        int s = Scale, h = tile.PaddedHeight, w = tile.PaddedWidth;
        using var result = Run(_main, crop, channels, h, w);
        if (_blend != null)
        {
            using var other = Run(_blend, crop, channels, h, w);
            TileTensors.Blend(result, other, _blendAlpha, h * s, w * s);
        }
        TileTensors.Output(result, (tile.Y0 - tile.PadY0) * s, (tile.X0 - tile.PadX0) * s, tile.Height * s, tile.Width * s, into, channels);
    }

    private Tensor Run(NetworkRunner runner, PixelWindow crop, int channels, int h, int w) =>
        _options.Tta ? runner.RunEnsemble(crop, channels, h, w) : runner.Run(crop, channels, h, w);

    /// <summary>MATLAB bicubic upscaling of one channel, row by row from the crop into the tile's part of the band.</summary>
    private void BicubicAlpha(PixelWindow crop, PixelWindow into, Tile tile)
    {
        int s = Scale, dy = (tile.Y0 - tile.PadY0) * s, dx = (tile.X0 - tile.PadX0) * s, rows = tile.Height * s, width = tile.Width * s;
        MatlabImresize.ResizeRows(tile.PaddedHeight, tile.PaddedWidth, 1, s,
            (y, row) =>
            {
                for (int x = 0; x < row.Length; x++) row[x] = crop.Pixels[crop.Index(y, x)];
            },
            (y, row) =>
            {
                if (y < dy || y >= dy + rows) return;
                for (int x = 0; x < width; x++) into.Pixels[into.Index(y - dy, x)] = Math.Clamp((float)row[dx + x], 0f, 1f);
            });
    }
}
