using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>nn.MaxPool2d(2, 2); ties go to the first position in the window, as in PyTorch.</summary>
internal sealed class MaxPool2d : Module
{
    private readonly Saved<Window> _window;

    /// <summary>Where each output's maximum came from, and the input's shape.</summary>
    private sealed record Window(byte[] Argmax, int N, int C, int H, int W, TensorLayout Layout);

    public MaxPool2d() => _window = Keeps<Window>("its argmax indices");

    protected override Tensor OnForward(Tensor input)
    {
        var output = Tensor.Empty(input.N, input.C, input.H / 2, input.W / 2, input.Layout);
        var argmax = new byte[output.PhysicalLength];
        Backend.Current.MaxPool2x2(input, output, argmax);
        _window.Keep(new Window(argmax, input.N, input.C, input.H, input.W, input.Layout));
        return output;
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var s = _window.Value;
        var gradInput = Tensor.Empty(s.N, s.C, s.H, s.W, s.Layout);
        Backend.Current.MaxPool2x2Backward(gradOutput, s.Argmax, gradInput);
        return gradInput;
    }
}
