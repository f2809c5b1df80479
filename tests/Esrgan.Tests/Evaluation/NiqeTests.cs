using Esrgan.Evaluation;
using Esrgan.Imaging;
using Xunit;
using Xunit.Abstractions;

namespace Esrgan.Tests.Evaluation;

public class NiqeTests(ITestOutputHelper output)
{
    [SharedDataFact]
    public void BaboonMatchesBasicSR()
    {
        double niqe = Niqe.Compute(ImageCodec.Read(EvaluationImages.Set14("HR", "baboon.png")));
        output.WriteLine($"NIQE baboon (Y, no crop): {niqe:F5}");
        Assert.Equal(5.7296, niqe, 0.001);
    }

    [Fact]
    public void GrayConversionScoresTheSameForGreyPixels()
    {
        var grey = EvaluationImages.FromCodes(200, 100, 1, (y, x, _) => EvaluationImages.Noise(y, x, 0));
        var rgb = EvaluationImages.FromCodes(200, 100, 3, (y, x, _) => EvaluationImages.Noise(y, x, 0));
        double score = Niqe.Compute(grey);
        Assert.True(double.IsFinite(score));
        Assert.Equal(score, Niqe.Compute(rgb, conversion: NiqeConversion.Gray), 1e-9);
    }

    [Fact]
    public void RefusesImagesWithoutTwoBlocks()
    {
        var small = EvaluationImages.FromCodes(200, 100, 3, (_, _, _) => 128);
        Assert.Throws<ArgumentException>(() => Niqe.Compute(small, cropBorder: 4));
    }
}
