using Esrgan.Imaging;
using Esrgan.Imaging.Resize;
using Xunit;
using Xunit.Abstractions;

namespace Esrgan.Tests.Evaluation;

public class DegradationTests(ITestOutputHelper output)
{
    [SharedDataFact]
    public void AgreesWithTheMatlabMadeSet14LowResolutionImages()
    {
        long samples = 0, differing = 0;
        int worst = 0;
        foreach (string hrPath in Directory.GetFiles(EvaluationImages.Set14("HR"), "*.png").Order())
        {
            var lr = BicubicDegradation.Downscale(ImageCodec.Read(hrPath), 4);
            var matlab = ImageCodec.Read(EvaluationImages.Set14("LR_bicubic_x4", Path.GetFileName(hrPath)));
            Assert.Equal((matlab.Width, matlab.Height, matlab.Channels), (lr.Width, lr.Height, lr.Channels));
            for (int i = 0; i < lr.Pixels.Length; i++)
            {
                int d = Math.Abs((int)MathF.Round(lr.Pixels[i] * 255f) - (int)MathF.Round(matlab.Pixels[i] * 255f));
                if (d != 0) differing++;
                worst = Math.Max(worst, d);
            }
            samples += lr.Pixels.Length;
        }
        double fraction = (double)differing / samples;
        output.WriteLine($"Set14 LR agreement: {100 * (1 - fraction):F2}% of samples equal, {100 * fraction:F2}% differ, worst {worst} grey levels");
        Assert.True(fraction < 0.001, $"{100 * fraction:F2}% of samples differ");
        Assert.True(worst <= 1, $"worst difference {worst} grey levels");
    }

    [Fact]
    public void CropsToAMultipleOfTheScaleKeepingTheTopLeft()
    {
        var image = EvaluationImages.FromCodes(10, 7, 3, (y, x, c) => y * 20 + x + c);
        var cropped = BicubicDegradation.CropToMultiple(image, 4);
        Assert.Equal((8, 4), (cropped.Width, cropped.Height));
        Assert.Equal(image.Pixels[(3 * 10 + 7) * 3 + 2], cropped.Pixels[(3 * 8 + 7) * 3 + 2]);
        var lr = BicubicDegradation.Downscale(image, 4);
        Assert.Equal((2, 1, 3, 8), (lr.Width, lr.Height, lr.Channels, lr.BitDepth));
    }

    [Fact]
    public void RoundsToStoredCodes()
    {
        var lr = BicubicDegradation.Downscale(EvaluationImages.FromCodes(16, 16, 1, (y, x, _) => (x * 16 + y * 3) % 256), 4);
        Assert.All(lr.Pixels, p => Assert.Equal(Math.Round(p * 255.0), p * 255.0, 1e-4));
    }
}
