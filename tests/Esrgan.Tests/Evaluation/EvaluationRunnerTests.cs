using System.Text.Json;
using Esrgan.Evaluation;
using Esrgan.Imaging;
using Xunit;
using Xunit.Abstractions;

namespace Esrgan.Tests.Evaluation;

public class EvaluationRunnerTests(ITestOutputHelper output)
{
    [SharedDataFact]
    public void Set14BicubicGivesTheReferenceNumbers()
    {
        var runner = new EvaluationRunner(SuperResolverCatalog.Resolve("bicubic", 4), computeNiqe: false);
        var set = runner.Run(EvaluationImages.Set14("HR"), EvaluationImages.Set14("LR_bicubic_x4"));
        output.WriteLine($"Set14 bicubic x4: PSNR-Y {set.Mean.PsnrY:F4} dB, SSIM-Y {set.Mean.SsimY:F4}");
        Assert.Equal("Set14", set.Name);
        Assert.Equal(14, set.Images.Count);
        Assert.Equal(26.0899, set.Mean.PsnrY, 0.0005);
        Assert.Equal(0.7049, set.Mean.SsimY, 0.0005);
    }

    [SharedDataFact]
    public void EvaluateCommandWritesJsonAndMakesTheLowResolutionItself()
    {
        string json = Path.Combine(Directory.CreateTempSubdirectory("esrgan-evaluate-").FullName, "scores.json");
        int rc = Esrgan.Cli.Program.Main(["evaluate", "--hr", EvaluationImages.Set14("HR"), "--model", "bicubic", "--scale", "4", "--json", json]);
        Assert.Equal(0, rc);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var set = doc.RootElement.GetProperty("sets")[0];
        Assert.Equal("matlab-bicubic", set.GetProperty("lr").GetString());
        Assert.Equal(14, set.GetProperty("images").GetArrayLength());
        var mean = set.GetProperty("mean");
        Assert.Equal(26.0899, mean.GetProperty("psnr_y").GetDouble(), 0.0005);
        Assert.Equal(0.7049, mean.GetProperty("ssim_y").GetDouble(), 0.0005);
        Assert.InRange(mean.GetProperty("niqe").GetDouble(), 3, 12);
    }

    [Fact]
    public void ScoresAnInMemoryImageCroppedToAMultipleOfTheScale()
    {
        var hr = EvaluationImages.FromCodes(211, 110, 3, (y, x, c) => EvaluationImages.Noise(y, x, c));
        var score = new EvaluationRunner(new BicubicUpscaler(4)).Score("noise", hr);
        Assert.True(score.PsnrY > 5, $"PSNR-Y {score.PsnrY}");
        Assert.True(double.IsFinite(score.Niqe), $"NIQE {score.Niqe}");
    }

    [Fact]
    public void NiqeIsLeftOutWhenNoBlockFitsAfterTheCrop()
    {
        var hr = EvaluationImages.FromCodes(100, 100, 3, (y, x, c) => (x * 2 + y * 3 + c * 40) % 256);
        var score = new EvaluationRunner(new BicubicUpscaler(4)).Score("small", hr);
        Assert.True(double.IsNaN(score.Niqe));
        Assert.True(double.IsNaN(ScoreMeans.Of([score]).Niqe));
    }

    [Fact]
    public void ModelFilesNeedTheModelLayer()
    {
        var previous = SuperResolverCatalog.ModelResolver;
        try
        {
            SuperResolverCatalog.ModelResolver = null;
            var e = Assert.Throws<ArgumentException>(() => SuperResolverCatalog.Resolve("net.pth", 4));
            Assert.Contains("net.pth", e.Message);
            SuperResolverCatalog.ModelResolver = _ => new BicubicUpscaler(2);
            Assert.Throws<ArgumentException>(() => SuperResolverCatalog.Resolve("net.pth", 4));
            Assert.Equal(2, SuperResolverCatalog.Resolve("net.pth", 2).Scale);
        }
        finally
        {
            SuperResolverCatalog.ModelResolver = previous;
        }
    }

    [Fact]
    public void MismatchedLowResolutionIsRefused()
    {
        var hr = EvaluationImages.FromCodes(64, 64, 3, (_, _, _) => 10);
        var lr = EvaluationImages.FromCodes(15, 16, 3, (_, _, _) => 10);
        Assert.Throws<ArgumentException>(() => new EvaluationRunner(new BicubicUpscaler(4)).Score("x", hr, lr));
    }
}
