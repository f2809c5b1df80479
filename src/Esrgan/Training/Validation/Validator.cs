using Esrgan.Engine;
using Esrgan.Evaluation;
using Esrgan.Imaging;
using Esrgan.Layers;
using Esrgan.Models;
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

    /// <summary>The generator's output for a whole image, padded to its size multiple as upscaling pads.</summary>
    private static Image Run(Module generator, Image lq)
    {
        var shape = (IUpscalingNetwork)generator;
        using var input = Tensor.FromHost(PlanarImage.ToTensor(lq.Pixels, lq.Height, lq.Width, 3, shape.SizeMultiple));
        using var output = generator.Forward(input);
        int h = lq.Height * shape.Scale, w = lq.Width * shape.Scale;
        return new Image(w, h, 3, 8, PlanarImage.ToInterleaved(output.ToHost(), h, w, clamp: true));
    }
}
