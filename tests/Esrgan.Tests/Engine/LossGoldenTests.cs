using Esrgan.Engine;
using Esrgan.Layers.Losses;
using Esrgan.Training.Losses;
using Xunit;

namespace Esrgan.Tests.Engine;

public class LossGoldenTests
{
    [Theory]
    [InlineData("l1", 1)]
    [InlineData("l1", 0)]
    [InlineData("mse", 1)]
    [InlineData("mse", 0)]
    public void PixelLossesMatchPyTorch(string name, int block)
    {
        var d = Golden.Load("loss_" + name);
        var layout = block == 0 ? Backend.Current.ActivationLayout : TensorLayout.Plain;
        using var pred = Golden.Input(d["pred"], layout);
        using var target = Golden.Input(d["target"], TensorLayout.Plain);
        using var loss = name == "l1" ? PixelLosses.L1(pred, target, 0.5f) : PixelLosses.Mse(pred, target, 0.5f);
        Assert.Equal(0.5 * d["loss"].Values[0], loss.Value, 1e-6);
        var halfGrad = Array.ConvertAll(loss.Gradient.ToHost().Data, v => v * 2);
        Golden.Close(halfGrad, d["grad"], 1e-5, name + " gradient");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void BceWithLogitsMatchesPyTorch(int target)
    {
        var d = Golden.Load($"loss_bce_{target}");
        var loss = LogitLoss.Bce(d["pred"].ToFloat(), 0, target, 1);
        Assert.Equal(d["loss"].Values[0], loss.Value, 1e-6);
        Golden.Close(loss.Gradient, d["grad"], 1e-5, "BCE gradient");
    }
}
