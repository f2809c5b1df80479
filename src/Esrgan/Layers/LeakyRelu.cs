using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>LeakyReLU (slope 0 is ReLU). Backward uses the output's sign, which equals the input's for slope &gt; 0.</summary>
internal sealed class LeakyRelu : Module
{
    private readonly SavedTensor _output;

    public LeakyRelu(float negativeSlope = 0.01f)
    {
        NegativeSlope = negativeSlope;
        _output = KeepsTensor("its output");
    }

    public float NegativeSlope { get; }

    protected override Tensor OnForward(Tensor input)
    {
        var output = Tensor.Empty(input.N, input.C, input.H, input.W, input.Layout);
        Backend.Current.LeakyRelu(input, output, NegativeSlope);
        // With slope 0 the output loses the input's sign information only where the gradient is zero anyway.
        _output.Keep(output);
        return output;
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var output = _output.Value;
        var gradInput = Tensor.Empty(output.N, output.C, output.H, output.W, output.Layout);
        Backend.Current.LeakyReluBackward(output, gradOutput, gradInput, NegativeSlope);
        return gradInput;
    }
}
