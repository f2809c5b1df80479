using Esrgan.Evaluation;
using Esrgan.Imaging;
using Xunit;

namespace Esrgan.Tests.Evaluation;

/// <summary>Expected values printed by tools/fixtures/basicsr_metrics_reference.py for the same formula images.</summary>
public class MetricValueTests
{
    private static readonly Image A = EvaluationImages.FromCodes(20, 24, 3, (y, x, c) => (x * 7 + y * 13 + c * 29 + x * y % 17) % 256);
    private static readonly Image B = EvaluationImages.FromCodes(20, 24, 3,
        (y, x, c) => Math.Clamp((x * 7 + y * 13 + c * 29 + x * y % 17) % 256 + (x * 3 + y * 5 + c + x * x) % 61 - 30, 0, 255));

    [Fact]
    public void YChannelMatchesBasicSR()
    {
        Assert.Equal(25.14517778292976, ImageMetrics.PsnrY(A, B, 2), 1e-9);
        Assert.Equal(0.8953792381236361, ImageMetrics.SsimY(A, B, 2), 1e-9);
    }

    [Fact]
    public void RgbMatchesBasicSR()
    {
        Assert.Equal(23.454537593203085, ImageMetrics.Psnr(A, B, 2), 1e-9);
        Assert.Equal(0.909290624916983, ImageMetrics.Ssim(A, B, 2), 1e-9);
    }

    [Fact]
    public void ArraysGiveTheSameAsImages()
    {
        Assert.Equal(ImageMetrics.PsnrY(A, B, 2), ImageMetrics.Psnr(A.Pixels, B.Pixels, 24, 20, 3, 2, yChannel: true));
        Assert.Equal(ImageMetrics.SsimY(A, B, 2), ImageMetrics.Ssim(A.Pixels, B.Pixels, 24, 20, 3, 2, yChannel: true));
    }

    [Fact]
    public void IdenticalImagesHaveInfinitePsnrAndUnitSsim()
    {
        Assert.Equal(double.PositiveInfinity, ImageMetrics.PsnrY(A, A, 2));
        Assert.Equal(1.0, ImageMetrics.SsimY(A, A, 2), 1e-12);
    }

    [Fact]
    public void AlphaIsIgnored()
    {
        var withAlpha = new Image(A.Width, A.Height, 4, 8,
            Enumerable.Range(0, A.Width * A.Height * 4).Select(i => i % 4 == 3 ? 0.5f : A.Pixels[i / 4 * 3 + i % 4]).ToArray());
        var other = new Image(B.Width, B.Height, 4, 8,
            Enumerable.Range(0, B.Width * B.Height * 4).Select(i => i % 4 == 3 ? 1f : B.Pixels[i / 4 * 3 + i % 4]).ToArray());
        Assert.Equal(ImageMetrics.PsnrY(A, B, 2), ImageMetrics.PsnrY(withAlpha, other, 2));
    }

    [Fact]
    public void RefusesImagesOfDifferentShapes()
    {
        var small = EvaluationImages.FromCodes(16, 24, 3, (_, _, _) => 0);
        Assert.Throws<ArgumentException>(() => ImageMetrics.PsnrY(A, small, 2));
    }
}
