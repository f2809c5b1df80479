using Esrgan.Formats;
using Esrgan.Layers;

namespace Esrgan.Models.Architectures;

/// <summary>
/// torchvision's vgg19().features, the perceptual loss's feature extractor: features.{i} is the layer BasicSR names
/// NAMES['vgg19'][i]; convolutions (3x3, with bias) carry weights. Option last_layer is the index of the deepest layer
/// built. It is not trained: its weights are torchvision's ImageNet file; for smoke tests without that file it gets
/// Kaiming-normal weights.
/// </summary>
internal sealed class Vgg19FeaturesArchitecture : Architecture
{
    public override string Name => "VGG19";
    public override NetworkRole Role => NetworkRole.FeatureExtractor;
    public override IReadOnlyList<(string Key, int Value)> Defaults { get; } = [("last_layer", 34)];
    public override string? DerivedOption => null;
    public override string KeySummary => "torchvision's features.{i}.weight/bias";

    public override Module Create(ModelSpec s) => new Vgg19FeatureExtractor([LayerName(s["last_layer"])]);

    public override void Layout(StateLayout l, ModelSpec s)
    {
        int last = s["last_layer"], channels = 3;
        LayerName(last);
        for (int i = 0; i <= last; i++)
        {
            string name = Vgg19FeatureExtractor.LayerNames[i];
            if (!name.StartsWith("conv", StringComparison.Ordinal)) continue;
            int width = 64 << Math.Min(name[4] - '1', 3);
            l.Conv($"features.{i}", width, channels);
            channels = width;
        }
    }

    public override bool Recognises(StateDict w) => w.TryGet("features.0.weight", out var t) && t.Shape is [64, 3, 3, 3];

    /// <summary>The deepest convolution present is the last layer.</summary>
    public override ModelSpec Detect(StateDict w, string source)
    {
        int last = Enumerable.Range(0, Vgg19FeatureExtractor.LayerNames.Count).Last(i => i == 0 || w.Contains($"features.{i}.weight"));
        return Spec(("last_layer", last));
    }

    public override void Initialize(Module network, Random random) => Init.KaimingNormal(network, random);

    private static string LayerName(int index) => index >= 0 && index < Vgg19FeatureExtractor.LayerNames.Count
        ? Vgg19FeatureExtractor.LayerNames[index]
        : throw new ArgumentException($"VGG19 last_layer {index} is not 0 to {Vgg19FeatureExtractor.LayerNames.Count - 1}");
}
