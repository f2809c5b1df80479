using Esrgan.Engine;
using Esrgan.Evaluation;
using Esrgan.Imaging;
using Esrgan.Layers;
using Esrgan.Training.Data;
using Esrgan.Training.Options;

namespace Esrgan.Training.Validation;

/// <summary>
/// Runs a generator on every validation image (whole images, gradients off, evaluation mode) and averages the
/// configured metrics (BasicSR's calculate_psnr / calculate_ssim through the evaluation code). HR is cropped to
/// LR size times the scale, as BasicSR's paired dataset does.
/// </summary>
internal sealed class Validator
{
    private readonly List<(string Name, Image Lq, Image Gt)> _images = [];
    private readonly ValidationOptions _options;

    public Validator(ValDatasetOptions data, ValidationOptions options, int scale)
    {
        _options = options;
        foreach (var pair in ImagePairList.Build(data.GtFolders, data.LqFolders, data.FilenameTemplate))
        {
            var (gt, lq) = PairLoader.Load(pair, scale);
            _images.Add((Path.GetFileNameWithoutExtension(pair.GtPath), lq.ToImage(), gt.ToImage()));
        }
    }

    /// <summary>Mean of each metric over the images; with <paramref name="saveFolder"/> the outputs are written there as PNG.</summary>
    public Dictionary<string, double> Evaluate(Module generator, string? saveFolder, long iteration)
    {
        var sums = _options.Metrics.ToDictionary(m => m.Name, _ => 0.0, StringComparer.Ordinal);
        bool wasTraining = generator.IsTraining;
        generator.Eval();
        try
        {
            using var noGrad = GradMode.Disable();
            foreach (var (name, lq, gt) in _images)
            {
                var sr = Run(generator, lq);
                if (sr.Width != gt.Width || sr.Height != gt.Height)
                    throw new InvalidOperationException($"validation image {name}: output {sr.Width}x{sr.Height} but HR is {gt.Width}x{gt.Height}");
                foreach (var m in _options.Metrics)
                    sums[m.Name] += m.Kind == MetricKind.Psnr
                        ? ImageMetrics.Psnr(sr, gt, m.CropBorder, m.TestYChannel)
                        : ImageMetrics.Ssim(sr, gt, m.CropBorder, m.TestYChannel);
                if (saveFolder != null) ImageCodec.Write(Path.Combine(saveFolder, name, $"{name}_{iteration}.png"), sr);
            }
        }
        finally
        {
            generator.Train(wasTraining);
        }
        return sums.ToDictionary(kv => kv.Key, kv => kv.Value / _images.Count, StringComparer.Ordinal);
    }

    private static Image Run(Module generator, Image lq)
    {
        var chw = new HostTensor([1, 3, lq.Height, lq.Width]);
        int plane = lq.Width * lq.Height;
        for (int i = 0; i < plane; i++)
            for (int c = 0; c < 3; c++) chw.Data[c * plane + i] = lq.Pixels[i * 3 + c];
        using var input = Tensor.FromHost(chw);
        using var output = generator.Forward(input);
        var host = output.ToHost();
        int w = output.W, h = output.H, outPlane = w * h;
        var hwc = new float[outPlane * 3];
        for (int i = 0; i < outPlane; i++)
            for (int c = 0; c < 3; c++) hwc[i * 3 + c] = Math.Clamp(host.Data[c * outPlane + i], 0f, 1f);
        return new Image(w, h, 3, 8, hwc);
    }
}
