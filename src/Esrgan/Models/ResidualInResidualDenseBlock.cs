using Esrgan.Engine;
using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>RRDB: three residual dense blocks with an outer residual, out = x + 0.2 * rdb3(rdb2(rdb1(x))).</summary>
internal sealed class ResidualInResidualDenseBlock : Module
{
    private const float ResidualScale = 0.2f;
    private readonly ResidualDenseBlock[] _blocks;

    public ResidualInResidualDenseBlock(int numFeat, int numGrowCh)
    {
        _blocks = new ResidualDenseBlock[3];
        for (int i = 0; i < 3; i++) _blocks[i] = RegisterModule($"rdb{i + 1}", new ResidualDenseBlock(numFeat, numGrowCh));
    }

    protected override Tensor OnForward(Tensor input)
    {
        using var inner = Sequential.Chain(input, _blocks, (m, t) => m.Forward(t));
        return TensorOps.Add(input, inner, 1f, ResidualScale);
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        using var scaled = TensorOps.Scale(gradOutput, ResidualScale);
        var gradInput = Sequential.Chain(scaled, _blocks.Reverse(), (m, t) => m.Backward(t));
        TensorOps.AddInto(gradInput, gradOutput);
        return gradInput;
    }
}
