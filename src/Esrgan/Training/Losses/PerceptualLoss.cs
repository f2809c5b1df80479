using Esrgan.Engine;
using Esrgan.Layers;
using Esrgan.Layers.Losses;
using Esrgan.Models;
using Esrgan.Training.Options;

namespace Esrgan.Training.Losses;

/// <summary>
/// BasicSR's PerceptualLoss (style weight 0): perceptual_weight * sum over layers of layer_weight * criterion(VGG(sr),
/// VGG(gt)), with gt's features computed without gradients. The VGG19 is frozen; only the gradient with respect to sr
/// is returned.
/// </summary>
internal sealed class PerceptualLoss : IDisposable
{
    public const string WeightsFile = "vgg19-dcbbe544.pth";
    public const string WeightsUrl = "https://download.pytorch.org/models/vgg19-dcbbe544.pth";

    private readonly Vgg19FeatureExtractor _vgg;
    private readonly PerceptualLossOptions _options;

    public PerceptualLoss(PerceptualLossOptions options, Vgg19FeatureExtractor vgg)
    {
        _options = options;
        _vgg = vgg;
    }

    /// <summary>The VGG19 the options ask for: torchvision's weights from vgg_weights, or random ones only when vgg_random_init says so.</summary>
    public static PerceptualLoss Create(PerceptualLossOptions options, string optionsFile, int seed)
    {
        var vgg = new Vgg19FeatureExtractor(options.LayerWeights.Keys, options.UseInputNorm, options.RangeNorm);
        try
        {
            if (options.VggWeights is { } path)
            {
                if (!File.Exists(path)) throw new FileNotFoundException($"{optionsFile}: train.perceptual_opt.vgg_weights: '{path}' does not exist", path);
                vgg.LoadTorchvision(path);
            }
            else if (options.VggRandomInit) vgg.WithRandomWeights(new Random(seed));
            else
                throw new InvalidDataException(
                    $"{optionsFile}: the perceptual loss needs torchvision's ImageNet VGG19 weights, file {WeightsFile} (548 MB). "
                    + $"It cannot be downloaded from here: get it on a connected machine from {WeightsUrl} (the file torchvision.models.vgg19(weights='IMAGENET1K_V1') "
                    + "fetches into ~/.cache/torch/hub/checkpoints/) and set train.perceptual_opt.vgg_weights to its path. "
                    + "For smoke tests only, set train.perceptual_opt.vgg_random_init: true; or set perceptual_weight: 0.");
            return new PerceptualLoss(options, vgg);
        }
        catch
        {
            vgg.Dispose();
            throw;
        }
    }

    public (double Value, Tensor Gradient) Compute(Tensor sr, Tensor gt)
    {
        Dictionary<string, Tensor> target;
        using (GradMode.Disable()) target = _vgg.Extract(gt);
        var features = _vgg.Extract(sr);
        var gradients = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            double total = 0;
            foreach (var (layer, weight) in _options.LayerWeights)
            {
                float w = (float)(weight * _options.Weight);
                var loss = _options.Criterion == PixelCriterion.L1 ? PixelLosses.L1(features[layer], target[layer], w) : PixelLosses.Mse(features[layer], target[layer], w);
                total += loss.Value;
                gradients[layer] = loss.Gradient;
            }
            return (total, _vgg.Backward(gradients));
        }
        finally
        {
            foreach (var t in target.Values.Concat(features.Values).Concat(gradients.Values)) t.Dispose();
        }
    }

    public void Dispose() => _vgg.Dispose();
}
