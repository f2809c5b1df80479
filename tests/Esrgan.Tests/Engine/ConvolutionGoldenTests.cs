using Esrgan.Engine;
using Esrgan.Layers;
using Xunit;

namespace Esrgan.Tests.Engine;

public class ConvolutionGoldenTests
{
    public static TheoryData<string, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var name in new[] { "conv_k1", "conv_k3_lrelu", "conv_k3_odd_channels", "conv_k3_s2", "conv_k4_s2_nobias", "conv_k9" })
            foreach (bool blockedInput in new[] { false, true })
                foreach (bool blockedOutput in new[] { false, true }) data.Add(name, blockedInput, blockedOutput);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardAndBackwardMatchPyTorch(string name, bool blockedInput, bool blockedOutput)
    {
        var d = Golden.Load(name);
        var g = d["geometry"].Values;
        float? slope = g[6] < 0 ? null : (float)g[6];
        using var conv = new Conv2d((int)g[0], (int)g[1], (int)g[2], (int)g[3], (int)g[4], g[5] != 0, slope);
        Golden.LoadParameters(conv, d);
        var blocked = Backend.Current.ActivationLayout;
        using var x = Golden.Input(d["x"], blockedInput ? blocked : TensorLayout.Plain);
        using var y = conv.Forward(x, blockedOutput ? blocked : TensorLayout.Plain);
        Golden.Close(y, d["y"], 1e-5, $"{name} forward");
        using var dy = Golden.Input(d["dy"], y.Layout);
        using var dx = conv.Backward(dy);
        Golden.Close(dx, d["dx"], 1e-4, $"{name} input gradient");
        Golden.Close(conv.Weight.Grad, d["grad.weight"], 1e-4, $"{name} weight gradient");
        if (conv.Bias != null) Golden.Close(conv.Bias.Grad, d["grad.bias"], 1e-4, $"{name} bias gradient");
    }

    [Fact]
    public void FrozenConvolutionStillPassesGradientToItsInput()
    {
        var d = Golden.Load("conv_k1");
        using var conv = new Conv2d(16, 16, 1, padding: 0);
        Golden.LoadParameters(conv, d);
        conv.Freeze();
        using var x = Golden.Input(d["x"], Backend.Current.ActivationLayout);
        using var y = conv.Forward(x);
        using var dy = Golden.Input(d["dy"], Backend.Current.ActivationLayout);
        using var dx = conv.Backward(dy);
        Golden.Close(dx, d["dx"], 1e-4, "input gradient through a frozen layer");
        Assert.All(conv.Weight.Grad, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void WeightUpdatesReachTheCachedConversion()
    {
        var d = Golden.Load("conv_k1");
        using var conv = new Conv2d(16, 16, 1, padding: 0);
        Golden.LoadParameters(conv, d);
        using var x = Golden.Input(d["x"], Backend.Current.ActivationLayout);
        using (conv.Forward(x)) { }
        for (int i = 0; i < conv.Weight.Values.Length; i++) conv.Weight.Values[i] *= 2;
        for (int i = 0; i < conv.Bias!.Values.Length; i++) conv.Bias.Values[i] *= 2;
        conv.Weight.MarkChanged();
        using var y = conv.Forward(x);
        var expected = d["y"].Values;
        var actual = y.ToHost().Data;
        for (int i = 0; i < actual.Length; i++) Assert.Equal(2 * expected[i], actual[i], 1e-4);
    }
}
