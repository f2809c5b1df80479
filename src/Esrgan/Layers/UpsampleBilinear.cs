using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>F.interpolate(x, scale_factor=factor, mode='bilinear', align_corners=False) for an integer factor.</summary>
internal sealed class UpsampleBilinear(int factor) : Module
{
    public int Factor { get; } = factor >= 1 ? factor : throw new ArgumentOutOfRangeException(nameof(factor));

    protected override Tensor OnForward(Tensor input)
    {
        var output = Tensor.Empty(input.N, input.C, input.H * Factor, input.W * Factor, input.Layout);
        Backend.Current.UpsampleBilinear(input, output, Factor);
        return output;
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var gradInput = Tensor.Empty(gradOutput.N, gradOutput.C, gradOutput.H / Factor, gradOutput.W / Factor, gradOutput.Layout);
        Backend.Current.UpsampleBilinearBackward(gradOutput, gradInput, Factor);
        return gradInput;
    }
}
