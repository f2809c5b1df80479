using Esrgan.Imaging;
using Esrgan.Imaging.Resize;
using Esrgan.Upscaling;

namespace Esrgan.Video;

/// <summary>
/// Upscales one RGB24 frame in memory with the image pipeline (tiles, TTA, blending as configured), then to the
/// final scale when it differs from the model's. The one place the video code meets the upscaler.
/// </summary>
public sealed class FrameUpscaler(Upscaler upscaler, double? outscale = null)
{
    /// <summary>Called between tiles; throwing (e.g. on cancellation) stops the frame.</summary>
    public Action? TileDone
    {
        get => upscaler.TileDone;
        set => upscaler.TileDone = value;
    }

    public (int Width, int Height) OutputSize(int width, int height) => outscale is double s && Math.Abs(s - upscaler.Scale) > 1e-9
        ? (Math.Max(1, (int)Math.Round(width * s)), Math.Max(1, (int)Math.Round(height * s)))
        : (width * upscaler.Scale, height * upscaler.Scale);

    /// <summary>Upscales <paramref name="rgb"/> (width x height x 3 bytes) into <paramref name="output"/> (OutputSize x 3 bytes).</summary>
    public void Upscale(ReadOnlySpan<byte> rgb, int width, int height, byte[] output)
    {
        var pixels = new float[rgb.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = rgb[i] * (1f / 255);
        var frame = new Image(width, height, 3, 8, pixels);
        var (outW, outH) = OutputSize(width, height);
        if (outW == width * upscaler.Scale && outH == height * upscaler.Scale)
        {
            int offset = 0;
            upscaler.Upscale(frame, (rows, _) =>
            {
                ToBytes(rows, output.AsSpan(offset, rows.Length));
                offset += rows.Length;
            });
            return;
        }
        var full = upscaler.Upscale(frame);
        ToBytes(MatlabImresize.Resize(full.Pixels, full.Height, full.Width, 3, outH, outW), output);
    }

    private static void ToBytes(ReadOnlySpan<float> values, Span<byte> bytes)
    {
        for (int i = 0; i < values.Length; i++) bytes[i] = (byte)Math.Clamp(MathF.Round(values[i] * 255), 0, 255);
    }
}
