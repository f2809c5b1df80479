using System.Numerics;
using Esrgan.Imaging;
using Esrgan.Imaging.Resize;
using Esrgan.Upscaling;

namespace Esrgan.Cli.Upscale;

/// <summary>
/// Upscales one file to its output path: streamed straight to disk, or resized to --outscale first. With a
/// background colour, alpha is flattened over it when the output format has no alpha. An input too large to decode
/// whole is read row by row (PNG in, PNG out, no --outscale).
/// </summary>
internal sealed class UpscaleJob(TileUpscaler upscaler, double? outscale, int jpegQuality, Vector3? background)
{
    public TileUpscaler Upscaler => upscaler;

    /// <summary>Called after each tile (progress, interruption).</summary>
    public Action? TileDone { get; set; }

    public void Run(string input, string output)
    {
        var targetFormat = ImageCodec.FormatFromPath(output);
        bool resize = outscale is double wanted && Math.Abs(wanted - upscaler.Scale) > 1e-9;
        using var source = ImageCodec.Open(input, upscaler.InputLimits(LoadLimits.Current));
        upscaler.CheckStreamed(source, targetFormat, resize);
        Vector3? flatten = source.HasAlpha && targetFormat == ImageFormat.Jpeg ? background : null;
        int channels = flatten == null ? source.Channels : source.Channels - 1;
        int bitDepth = targetFormat == ImageFormat.Png ? source.BitDepth : 8;
        var options = new ImageSaveOptions { Format = targetFormat, JpegQuality = jpegQuality };
        if (resize)
        {
            var image = source.Whole!;
            var upscaled = upscaler.Upscale(image, TileDone, CancellationToken.None);
            var (outW, outH) = OutscaleSize(image.Width, image.Height, outscale!.Value);
            var resized = MatlabImresize.Resize(upscaled.Pixels, upscaled.Height, upscaled.Width, upscaled.Channels, outH, outW);
            if (flatten is Vector3 colour) resized = AlphaFlattening.Flatten(resized, image.Channels, colour);
            ImageCodec.Write(output, new Image(outW, outH, channels, bitDepth, resized, image.IccProfile, image.Exif), options);
            return;
        }
        int s = upscaler.Scale;
        using var writer = ImageCodec.CreateRowWriter(output, source.Width * s, source.Height * s, channels, bitDepth, options, source.IccProfile, source.Exif);
        upscaler.Upscale(source.Rows, (rows, count) =>
        {
            if (flatten is Vector3 colour) writer.WriteRows(AlphaFlattening.Flatten(rows, source.Channels, colour), count);
            else writer.WriteRows(rows, count);
        }, TileDone);
        writer.Commit();
    }

    /// <summary>The --outscale size as Real-ESRGAN computes it: int(w * outscale), which truncates (37 x 3.5 = 129).</summary>
    internal static (int Width, int Height) OutscaleSize(int width, int height, double outscale) =>
        (Math.Max(1, (int)(width * outscale)), Math.Max(1, (int)(height * outscale)));
}
