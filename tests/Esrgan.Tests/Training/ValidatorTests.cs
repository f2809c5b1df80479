using Esrgan.Evaluation;
using Esrgan.Imaging;
using Esrgan.Models;
using Esrgan.Tests.Engine;
using Esrgan.Training.Data;
using Esrgan.Training.Options;
using Esrgan.Training.Validation;
using Esrgan.Upscaling;
using Xunit;

namespace Esrgan.Tests.Training;

public class ValidatorTests
{
    /// <summary>
    /// x2 and x1 RRDBNet pixel-unshuffle their input, so odd LR sides must be padded as upscaling pads them; the
    /// validation PSNR then equals the PSNR of what the upscaler's network runner makes of the same LR image.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public void OddSizedImagesValidateAsTheyUpscale(int scale)
    {
        using var box = new TrainingSandbox(trainImages: 0);
        string folder = Directory.CreateDirectory(Path.Combine(box.Root, "odd")).FullName;
        ImageCodec.Write(Path.Combine(folder, "odd.png"), TrainingSandbox.Pattern(17 * scale, 13 * scale, new Random(3)));
        using var net = new RrdbNet(3, 3, scale, 8, 1, 8);
        Golden.FillByFormula(net);
        var metric = new MetricOptions("psnr", MetricKind.Psnr, 0, false);
        var validator = new Validator(new ValDatasetOptions("odd", [folder], [], "{}"), new ValidationOptions(1, false, [metric]), scale);

        double psnr = validator.Evaluate(net, null, 1)["psnr"];

        var pair = ImagePairList.Build([folder], [], "{}").Single();
        var (gt, lq) = PairLoader.Load(pair, scale);
        var sr = new TileUpscaler(net, new UpscalerOptions { TileSize = 1 << 16, Precision = Precision.Float32 }).Upscale(lq.ToImage());
        double expected = ImageMetrics.Psnr(sr, gt.ToImage(), 0, false);
        Assert.Equal(expected, psnr, 1e-9);
    }
}
