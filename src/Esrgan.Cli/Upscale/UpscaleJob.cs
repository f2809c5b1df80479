using Esrgan.Imaging;
using Esrgan.Imaging.Resize;
using Esrgan.Upscaling;

namespace Esrgan.Cli.Upscale;

/// <summary>Upscales one file to its output path: streamed straight to disk, or resized to --outscale first.</summary>
internal sealed class UpscaleJob(Upscaler upscaler, double? outscale, ImageFormat? format, int jpegQuality)
{
    public void Run(string input, string output)
    {
        var image = ImageCodec.Read(input);
        var targetFormat = format ?? ImageCodec.FormatFromPath(output);
        int bitDepth = targetFormat == ImageFormat.Png ? image.BitDepth : 8;
        var options = new ImageSaveOptions { Format = targetFormat, JpegQuality = jpegQuality };
        if (outscale is double wanted && Math.Abs(wanted - upscaler.Scale) > 1e-9)
        {
            var upscaled = upscaler.Upscale(image);
            int outH = Math.Max(1, (int)Math.Round(image.Height * wanted)), outW = Math.Max(1, (int)Math.Round(image.Width * wanted));
            var resized = MatlabImresize.Resize(upscaled.Pixels, upscaled.Height, upscaled.Width, upscaled.Channels, outH, outW);
            ImageCodec.Write(output, new Image(outW, outH, image.Channels, bitDepth, resized, image.IccProfile), options);
            return;
        }
        int s = upscaler.Scale;
        using var writer = ImageCodec.CreateRowWriter(output, image.Width * s, image.Height * s, image.Channels, bitDepth, options, image.IccProfile);
        upscaler.Upscale(image, (rows, count) => writer.WriteRows(rows, count));
        writer.Commit();
    }
}
