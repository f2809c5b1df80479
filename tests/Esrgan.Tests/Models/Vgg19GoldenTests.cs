using Esrgan.Engine;
using Esrgan.Formats;
using Esrgan.Models;
using Esrgan.Tests.Engine;
using Xunit;

namespace Esrgan.Tests.Models;

public class Vgg19GoldenTests
{
    public static TheoryData<string, string[], bool, bool> Cases() => new()
    {
        { "vgg19_imagenet_norm", ["conv2_2", "relu3_4", "conv5_4"], true, false },
        { "vgg19_range_norm", ["relu2_1", "conv3_4", "relu5_4"], false, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FeaturesAndInputGradientMatchPyTorch(string name, string[] layers, bool useInputNorm, bool rangeNorm)
    {
        var d = ModelFixtures.Load(name);
        using var vgg = new Vgg19FeatureExtractor(layers, useInputNorm, rangeNorm);
        Golden.FillByFormula(vgg);
        using var x = ModelFixtures.Input(d);
        var features = vgg.Extract(x);
        var gradients = new Dictionary<string, Tensor>();
        try
        {
            Assert.Equal(layers.Order(), features.Keys.Order());
            foreach (var (layer, f) in features)
            {
                Golden.Close(f, d["y." + layer], 1e-5, $"{name} {layer}");
                gradients[layer] = ModelFixtures.UpstreamGradient("dy." + layer, f);
            }
            using var dx = vgg.Backward(gradients);
            Golden.Close(dx, d["dx"], 1e-4, $"{name} input gradient");
            Assert.All(vgg.Parameters(), p => Assert.All(p.Grad, g => Assert.Equal(0f, g)));
        }
        finally
        {
            foreach (var t in features.Values.Concat(gradients.Values)) t.Dispose();
        }
    }

    [Fact]
    public void SingleLayerForwardIsTheDeepestRequestedLayer()
    {
        var d = ModelFixtures.Load("vgg19_imagenet_norm");
        using var vgg = new Vgg19FeatureExtractor(["conv5_4", "conv2_2"]);
        Golden.FillByFormula(vgg);
        using var x = ModelFixtures.Input(d);
        using var y = vgg.Forward(x);
        Golden.Close(y, d["y.conv5_4"], 1e-5, "conv5_4");
    }

    [Fact]
    public void BuildsOnlyUpToTheDeepestLayer()
    {
        using var vgg = new Vgg19FeatureExtractor(["relu2_1"]);
        Assert.Equal(["features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias", "features.5.weight", "features.5.bias"],
            vgg.NamedParameters().Select(p => p.Name));
        using var full = new Vgg19FeatureExtractor(["pool5"]);
        Assert.Equal(16 * 2, full.NamedParameters().Count());
        Assert.Equal(20_024_384, full.ParameterCount);
    }

    [Fact]
    public void TorchvisionWeightsLoadIgnoringDeeperLayersAndClassifier()
    {
        using var vgg = new Vgg19FeatureExtractor(["conv2_1"]).WithRandomWeights(new Random(5));
        using var deeper = new Vgg19FeatureExtractor(["relu3_1"]).WithRandomWeights(new Random(7));
        var weights = deeper.StateDict();
        weights.Add("classifier.0.weight", new HostTensor([4, 2]));
        vgg.LoadTorchvision(weights);
        Assert.Equal(weights["features.5.weight"].Data, vgg.StateDict()["features.5.weight"].Data);

        var missing = new StateDict();
        missing.Add("features.0.weight", weights["features.0.weight"]);
        Assert.Contains("missing", Assert.Throws<InvalidDataException>(() => vgg.LoadTorchvision(missing)).Message);
    }

    [Fact]
    public void MissingWeightFileSaysWhereToGetIt()
    {
        using var vgg = new Vgg19FeatureExtractor(["conv1_1"]);
        var e = Assert.Throws<FileNotFoundException>(() => vgg.LoadTorchvision(Path.Combine(Path.GetTempPath(), "no-such-vgg19.pth")));
        Assert.Contains("vgg19-dcbbe544.pth", e.Message);
    }

    [Fact]
    public void UnknownLayersAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new Vgg19FeatureExtractor(["conv6_1"]));
        Assert.Contains("conv6_1", e.Message);
        Assert.Contains("relu5_4", e.Message);
    }
}
