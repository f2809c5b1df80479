using Esrgan.Imaging;

namespace Esrgan.Evaluation;

/// <summary>
/// PSNR and SSIM with BasicSR's conventions (calculate_psnr / calculate_ssim): 8-bit codes, <c>cropBorder</c>
/// pixels removed on every side, Y channel (16 + 65.481 R + 128.553 G + 24.966 B) or the colour channels,
/// float64 arithmetic. Pixels are interleaved HWC in [0,1]; an alpha channel is ignored.
/// </summary>
internal static class ImageMetrics
{
    public static double PsnrY(Image result, Image reference, int cropBorder) => Psnr(result, reference, cropBorder, yChannel: true);

    public static double SsimY(Image result, Image reference, int cropBorder) => Ssim(result, reference, cropBorder, yChannel: true);

    public static double Psnr(Image result, Image reference, int cropBorder, bool yChannel = false)
    {
        CheckSameShape(result, reference);
        return Psnr(result.Pixels, reference.Pixels, result.Height, result.Width, result.Channels, cropBorder, yChannel);
    }

    public static double Ssim(Image result, Image reference, int cropBorder, bool yChannel = false)
    {
        CheckSameShape(result, reference);
        return Ssim(result.Pixels, reference.Pixels, result.Height, result.Width, result.Channels, cropBorder, yChannel);
    }

    /// <summary>PSNR in dB on 0-255; +infinity for identical inputs, as BasicSR returns.</summary>
    public static double Psnr(ReadOnlySpan<float> result, ReadOnlySpan<float> reference, int height, int width, int channels,
        int cropBorder, bool yChannel = false)
    {
        var a = MetricPlanes.Create(result, height, width, channels, cropBorder, yChannel);
        var b = MetricPlanes.Create(reference, height, width, channels, cropBorder, yChannel);
        double sum = 0;
        for (int i = 0; i < a.Values.Length; i++)
        {
            double d = a.Values[i] - b.Values[i];
            sum += d * d;
        }
        double mse = sum / a.Values.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>SSIM averaged over the planes compared (one for Y).</summary>
    public static double Ssim(ReadOnlySpan<float> result, ReadOnlySpan<float> reference, int height, int width, int channels,
        int cropBorder, bool yChannel = false)
    {
        var a = MetricPlanes.Create(result, height, width, channels, cropBorder, yChannel);
        var b = MetricPlanes.Create(reference, height, width, channels, cropBorder, yChannel);
        double sum = 0;
        for (int c = 0; c < a.Channels; c++) sum += StructuralSimilarity.Mean(a.Plane(c), b.Plane(c), a.Height, a.Width);
        return sum / a.Channels;
    }

    private static void CheckSameShape(Image a, Image b)
    {
        if (a.Width != b.Width || a.Height != b.Height || a.Channels != b.Channels)
            throw new ArgumentException($"images differ in shape: {a.Width}x{a.Height}x{a.Channels} and {b.Width}x{b.Height}x{b.Channels}");
    }
}
