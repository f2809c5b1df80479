using Esrgan.Engine;
using Esrgan.Layers;
using Xunit;

namespace Esrgan.Tests.Engine;

public class LayerGoldenTests
{
    private static Module Make(string name) => name switch
    {
        "leaky_relu" => new LeakyRelu(0.2f),
        "relu" => Relu.Create(),
        "prelu_channels" => new PRelu(6),
        "prelu_shared" => new PRelu(),
        "batchnorm_train" => new BatchNorm2d(20),
        "batchnorm_eval" => new BatchNorm2d(20).Eval(),
        "linear" => new Linear(90, 7),
        "upsample_nearest" => new UpsampleNearest(),
        "pixel_shuffle" => new PixelShuffle(2),
        "pixel_unshuffle" => new PixelUnshuffle(2),
        "maxpool" => new MaxPool2d(),
        "sigmoid" => new Sigmoid(),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "leaky_relu", "relu", "prelu_channels", "prelu_shared", "batchnorm_train", "batchnorm_eval",
                     "linear", "upsample_nearest", "pixel_shuffle", "pixel_unshuffle", "maxpool" })
            foreach (int block in new[] { 1, 0 }) data.Add(name, block);
        data.Add("sigmoid", 1);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardAndBackwardMatchPyTorch(string name, int block)
    {
        var d = Golden.Load(name);
        using var layer = Make(name);
        string prefix = name == "linear" ? "param.linear." : "param.";
        Golden.LoadParameters(layer, d, prefix);
        if (name == "batchnorm_eval")
        {
            var bn = (BatchNorm2d)layer;
            d["start.running_mean"].ToFloat().CopyTo(bn.RunningMean.Values, 0);
            d["start.running_var"].ToFloat().CopyTo(bn.RunningVar.Values, 0);
        }
        var layout = block == 0 ? Backend.Current.ActivationLayout : TensorLayout.Plain;
        using var x = Golden.Input(d["x"], layout);
        using var y = layer.Forward(x);
        Golden.Close(y, d["y"], 1e-5, $"{name} forward");
        using var dy = Golden.Input(d["dy"], y.Layout);
        using var dx = layer.Backward(dy);
        Golden.Close(dx, d["dx"], 1e-4, $"{name} input gradient");
        foreach (var (pname, p) in layer.NamedParameters())
            Golden.Close(p.Grad, d[(name == "linear" ? "grad.linear." : "grad.") + pname], 1e-4, $"{name} {pname} gradient");
        if (name == "batchnorm_train")
        {
            var bn = (BatchNorm2d)layer;
            Golden.Close(bn.RunningMean.Values, d["buffer.running_mean"], 1e-5, "running mean");
            Golden.Close(bn.RunningVar.Values, d["buffer.running_var"], 1e-5, "running variance");
        }
    }

    [Fact]
    public void BackwardWithoutRecordedForwardIsAnError()
    {
        var d = Golden.Load("prelu_shared");
        using var layer = new PRelu();
        using var x = Golden.Input(d["x"], TensorLayout.Plain);
        using (GradMode.Disable())
        using (layer.Forward(x)) { }
        var e = Assert.Throws<LayerStateException>(() => layer.Backward(x));
        Assert.Contains("PRelu (PRelu): backward needs its forward state from forward #1, which ran without gradients", e.Message);
    }

    [Fact]
    public void ConcatAndSliceAreInverseAcrossLayouts()
    {
        var d = Golden.Load("maxpool");
        using var a = Golden.Input(d["x"], TensorLayout.Plain);
        using var b = Golden.Input(d["x"], Backend.Current.ActivationLayout);
        using var cat = TensorOps.Concat([a, b], Backend.Current.ActivationLayout);
        Assert.Equal(40, cat.C);
        using var second = TensorOps.SliceChannels(cat, 20, 20);
        Golden.Close(second, d["x"], 0, "second half of the concatenation");
        using var odd = TensorOps.SliceChannels(cat, 3, 20);
        var expected = d["x"].Values;
        var host = odd.ToHost().Data;
        int hw = 6 * 7;
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 20; c++)
                for (int i = 0; i < hw; i++)
                {
                    int src = c + 3 < 20 ? c + 3 : c + 3 - 20;
                    Assert.Equal((float)expected[(n * 20 + src) * hw + i], host[(n * 20 + c) * hw + i]);
                }
    }
}
