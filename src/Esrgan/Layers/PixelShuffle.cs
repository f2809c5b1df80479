using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>nn.PixelShuffle(r): (C*r*r, H, W) to (C, H*r, W*r). Its backward is the unshuffle.</summary>
internal sealed class PixelShuffle(int factor) : Module
{
    public int Factor { get; } = factor;

    protected override Tensor OnForward(Tensor input)
    {
        var output = Tensor.Empty(input.N, input.C / (Factor * Factor), input.H * Factor, input.W * Factor, input.Layout);
        Backend.Current.PixelShuffle(input, output, Factor);
        return output;
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var gradInput = Tensor.Empty(gradOutput.N, gradOutput.C * Factor * Factor, gradOutput.H / Factor, gradOutput.W / Factor, gradOutput.Layout);
        Backend.Current.PixelUnshuffle(gradOutput, gradInput, Factor);
        return gradInput;
    }
}
