using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>F.interpolate(x, scale_factor=2, mode='nearest').</summary>
public sealed class UpsampleNearest : Module
{
    public override Tensor Forward(Tensor input)
    {
        var output = Tensor.Empty(input.N, input.C, input.H * 2, input.W * 2, input.Layout);
        Backend.Current.UpsampleNearest2x(input, output);
        return output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        var gradInput = Tensor.Empty(gradOutput.N, gradOutput.C, gradOutput.H / 2, gradOutput.W / 2, gradOutput.Layout);
        Backend.Current.UpsampleNearest2xBackward(gradOutput, gradInput);
        return gradInput;
    }
}
