using Esrgan.Engine;

namespace Esrgan.Layers;

internal sealed class Sigmoid : Module
{
    private readonly SavedTensor _output;

    public Sigmoid() => _output = KeepsTensor("its output");

    protected override Tensor OnForward(Tensor input)
    {
        var output = Tensor.Empty(input.N, input.C, input.H, input.W, input.Layout);
        Backend.Current.Sigmoid(input, output);
        _output.Keep(output);
        return output;
    }

    /// <summary>d sigmoid = y (1 - y).</summary>
    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var y = _output.Value;
        var oneMinusY = Tensor.Empty(y.N, y.C, y.H, y.W, y.Layout);
        var gradInput = Tensor.Empty(y.N, y.C, y.H, y.W, y.Layout);
        var k = Backend.Current;
        k.Scale(-1f, y, oneMinusY);
        k.AddChannelBias(oneMinusY, [1f], oneMinusY);
        k.Multiply(y, oneMinusY, gradInput);
        k.Multiply(gradInput, gradOutput, gradInput);
        oneMinusY.Dispose();
        return gradInput;
    }
}
