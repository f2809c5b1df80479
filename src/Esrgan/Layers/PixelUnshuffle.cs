using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>F.pixel_unshuffle(x, r): (C, H, W) to (C*r*r, H/r, W/r). Its backward is the shuffle.</summary>
internal sealed class PixelUnshuffle(int factor) : Module
{
    public int Factor { get; } = factor;

    protected override Tensor OnForward(Tensor input)
    {
        if (input.H % Factor != 0 || input.W % Factor != 0)
            throw new ArgumentException($"pixel unshuffle x{Factor} needs sides divisible by {Factor}, got {input.ShapeString}");
        var output = Tensor.Empty(input.N, input.C * Factor * Factor, input.H / Factor, input.W / Factor, input.Layout);
        Backend.Current.PixelUnshuffle(input, output, Factor);
        return output;
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var gradInput = Tensor.Empty(gradOutput.N, gradOutput.C / (Factor * Factor), gradOutput.H * Factor, gradOutput.W * Factor, gradOutput.Layout);
        Backend.Current.PixelShuffle(gradOutput, gradInput, Factor);
        return gradInput;
    }
}
