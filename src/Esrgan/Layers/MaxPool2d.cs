using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>nn.MaxPool2d(2, 2); ties go to the first position in the window, as in PyTorch.</summary>
internal sealed class MaxPool2d : Module
{
    private byte[] _argmax = [];
    private (int N, int C, int H, int W, TensorLayout Layout)? _inputShape;

    public override Tensor Forward(Tensor input)
    {
        var output = Tensor.Empty(input.N, input.C, input.H / 2, input.W / 2, input.Layout);
        var argmax = new byte[output.PhysicalLength];
        Backend.Current.MaxPool2x2(input, output, argmax);
        if (GradMode.Enabled)
        {
            _argmax = argmax;
            _inputShape = (input.N, input.C, input.H, input.W, input.Layout);
        }
        return output;
    }

    public override Tensor Backward(Tensor gradOutput)
    {
        var s = _inputShape ?? throw new InvalidOperationException("MaxPool2d: backward needs a forward pass run with gradients enabled");
        var gradInput = Tensor.Empty(s.N, s.C, s.H, s.W, s.Layout);
        Backend.Current.MaxPool2x2Backward(gradOutput, _argmax, gradInput);
        return gradInput;
    }
}
