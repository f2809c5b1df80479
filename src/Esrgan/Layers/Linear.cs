using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>
/// nn.Linear applied to the flattened input (as x.view(N, -1) in PyTorch). It runs as a convolution whose kernel
/// covers the whole (square) input, which gives exactly PyTorch's flattening order C, H, W.
/// Output: N x OutFeatures x 1 x 1, plain layout.
/// </summary>
internal sealed class Linear : Module
{
    private readonly int _inFeatures;
    private readonly Dictionary<int, IConvolutionKernel> _kernels = new();
    private readonly SavedTensor _input;

    public Linear(int inFeatures, int outFeatures, bool bias = true)
    {
        _inFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", outFeatures, inFeatures);
        Bias = bias ? RegisterParameter("bias", outFeatures) : null;
        _input = KeepsTensor("its input");
    }

    public int OutFeatures { get; }
    public ParameterData Weight { get; }
    public ParameterData? Bias { get; }

    private IConvolutionKernel KernelFor(Tensor input)
    {
        if (input.H != input.W || (long)input.C * input.H * input.W != _inFeatures)
            throw new ArgumentException($"linear layer of {_inFeatures} inputs cannot take {input.ShapeString}");
        if (!_kernels.TryGetValue(input.H, out var kernel))
        {
            kernel = Own(Backend.Current.CreateConvolution(new ConvolutionSpec(input.C, OutFeatures, input.H, 1, 0, Bias != null)));
            _kernels[input.H] = kernel;
        }
        return kernel;
    }

    protected override Tensor OnForward(Tensor input)
    {
        var kernel = KernelFor(input);
        var output = Tensor.Empty(input.N, OutFeatures, 1, 1, TensorLayout.Plain);
        kernel.Forward(input, Weight, Bias, output, ConvEpilogue.None);
        _input.Keep(input);
        return output;
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var input = _input.Value;
        var kernel = KernelFor(input);
        if (Weight.RequiresGrad) kernel.BackwardWeights(input, gradOutput, Weight.Grad, Bias?.Grad ?? []);
        var gradInput = Tensor.Empty(input.N, input.C, input.H, input.W, input.Layout);
        kernel.BackwardData(gradOutput, Weight, gradInput);
        return gradInput;
    }
}
