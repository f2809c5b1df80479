using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>F.interpolate(x, scale_factor=factor, mode='nearest') for an integer factor (2 by default).</summary>
internal sealed class UpsampleNearest(int factor = 2) : Module
{
    public int Factor { get; } = factor >= 1 ? factor : throw new ArgumentOutOfRangeException(nameof(factor));

    protected override Tensor OnForward(Tensor input)
    {
        var output = Tensor.Empty(input.N, input.C, input.H * Factor, input.W * Factor, input.Layout);
        if (Factor == 2) Backend.Current.UpsampleNearest2x(input, output);
        else Backend.Current.UpsampleNearest(input, output, Factor);
        return output;
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var gradInput = Tensor.Empty(gradOutput.N, gradOutput.C, gradOutput.H / Factor, gradOutput.W / Factor, gradOutput.Layout);
        if (Factor == 2) Backend.Current.UpsampleNearest2xBackward(gradOutput, gradInput);
        else Backend.Current.UpsampleNearestBackward(gradOutput, gradInput, Factor);
        return gradInput;
    }
}
