using Esrgan.Engine;
using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>BasicSR's ResidualBlockNoBN (res_scale 1): out = x + conv2(relu(conv1(x))).</summary>
internal sealed class ResidualBlockNoBn : Module
{
    private readonly Conv2d _conv1, _conv2;

    public ResidualBlockNoBn(int numFeat)
    {
        _conv1 = RegisterModule("conv1", new Conv2d(numFeat, numFeat, 3, fusedLeakySlope: 0f));
        _conv2 = RegisterModule("conv2", new Conv2d(numFeat, numFeat, 3));
    }

    protected override Tensor OnForward(Tensor input)
    {
        using var inner = Sequential.Chain(input, [_conv1, _conv2], (m, t) => m.Forward(t));
        return TensorOps.Add(inner, input);
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var gradInput = Sequential.Chain(gradOutput, [_conv2, _conv1], (m, t) => m.Backward(t));
        TensorOps.AddInto(gradInput, gradOutput);
        return gradInput;
    }
}
