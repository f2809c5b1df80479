using Esrgan.Engine;
using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>
/// SRGAN's residual block: out = x + bn2(conv2(prelu(bn1(conv1(x))))), one shared PReLU slope; without batch norm
/// (ESRGAN's "BN removal" ablation) out = x + conv2(prelu(conv1(x))).
/// </summary>
internal sealed class SrResNetBlock : Module
{
    private readonly Module[] _steps;

    public SrResNetBlock(int numFeat, bool batchNorm = true)
    {
        var steps = new List<Module> { RegisterModule("conv1", new Conv2d(numFeat, numFeat, 3)) };
        if (batchNorm) steps.Add(RegisterModule("bn1", new BatchNorm2d(numFeat)));
        steps.Add(RegisterModule("prelu", new PRelu()));
        steps.Add(RegisterModule("conv2", new Conv2d(numFeat, numFeat, 3)));
        if (batchNorm) steps.Add(RegisterModule("bn2", new BatchNorm2d(numFeat)));
        _steps = [.. steps];
    }

    protected override Tensor OnForward(Tensor input)
    {
        using var inner = Sequential.Chain(input, _steps, (m, t) => m.Forward(t));
        return TensorOps.Add(inner, input);
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var gradInput = Sequential.Chain(gradOutput, _steps.Reverse(), (m, t) => m.Backward(t));
        TensorOps.AddInto(gradInput, gradOutput);
        return gradInput;
    }
}
