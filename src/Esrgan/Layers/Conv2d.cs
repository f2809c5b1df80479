using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>
/// 2-D convolution (PyTorch's nn.Conv2d keys "weight" and "bias"), optionally with a LeakyReLU fused into the
/// kernel. Outputs are in the backend's activation layout. The *Into methods let composite blocks run the
/// convolution on channel views of shared buffers.
/// </summary>
internal sealed class Conv2d : Module
{
    private readonly IConvolutionKernel _kernel;
    private readonly SavedTensor _input;
    private readonly SavedTensor _output;

    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int? padding = null, bool bias = true,
        float? fusedLeakySlope = null)
    {
        Spec = new ConvolutionSpec(inChannels, outChannels, kernelSize, stride, padding ?? kernelSize / 2, bias);
        FusedLeakySlope = fusedLeakySlope;
        Weight = RegisterParameter("weight", outChannels, inChannels, kernelSize, kernelSize);
        Bias = bias ? RegisterParameter("bias", outChannels) : null;
        _kernel = Own(Backend.Current.CreateConvolution(Spec));
        _input = KeepsTensor("its input");
        _output = KeepsTensor("its output (for the fused activation)");
    }

    public ConvolutionSpec Spec { get; }
    public float? FusedLeakySlope { get; }
    public ParameterData Weight { get; }
    public ParameterData? Bias { get; }

    /// <summary>Whether calls now compute in bfloat16, so they may read and write bfloat16 tensors.</summary>
    public bool ComputesInBFloat16 => _kernel.ComputesInBFloat16;

    public Tensor Forward(Tensor input, TensorLayout outputLayout)
    {
        BeginForward();
        return ForwardKeeping(input, outputLayout);
    }

    private Tensor ForwardKeeping(Tensor input, TensorLayout outputLayout)
    {
        var output = Tensor.Empty(input.N, Spec.OutChannels, Spec.OutputSize(input.H), Spec.OutputSize(input.W), outputLayout);
        ForwardInto(input, output);
        _input.Keep(input);
        if (FusedLeakySlope != null) _output.Keep(output);
        return output;
    }

    protected override Tensor OnForward(Tensor input) => ForwardKeeping(input, Backend.Current.ActivationLayout);

    /// <summary>
    /// Writes (scale * act(conv(input))) into output, adding to what is there when accumulate is set. With gradients
    /// off no backward pass can follow, so the backend may pick its fastest algorithm.
    /// </summary>
    public void ForwardInto(Tensor input, Tensor output, float outputScale = 1f, bool accumulate = false, ImageStack? stack = null) =>
        _kernel.Forward(input, Weight, Bias, output, new ConvEpilogue(FusedLeakySlope, outputScale, accumulate), inference: !GradMode.Enabled, stack);

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var input = _input.Value;
        var gradInput = Tensor.Empty(input.N, input.C, input.H, input.W, input.Layout);
        BackwardInto(input, FusedLeakySlope != null ? _output.Value : null, gradOutput, gradInput);
        return gradInput;
    }

    /// <summary>
    /// Backward on explicit tensors: <paramref name="output"/> is the forward result (needed for the fused activation),
    /// <paramref name="gradInput"/> is overwritten, parameter gradients are added unless frozen.
    /// </summary>
    public void BackwardInto(Tensor input, Tensor? output, Tensor gradOutput, Tensor gradInput, ImageStack? stack = null)
    {
        Tensor? gradPreActivation = null;
        try
        {
            var g = gradOutput;
            if (FusedLeakySlope is float slope)
            {
                if (output == null) throw new ArgumentNullException(nameof(output), "a fused activation needs the forward output");
                gradPreActivation = Tensor.Empty(gradOutput.N, gradOutput.C, gradOutput.H, gradOutput.W, gradOutput.Layout, output.Type);
                Backend.Current.LeakyReluBackward(output, gradOutput, gradPreActivation, slope);
                g = gradPreActivation;
            }
            if (Weight.RequiresGrad) _kernel.BackwardWeights(input, g, Weight.Grad, Bias?.Grad ?? [], stack);
            _kernel.BackwardData(g, Weight, gradInput, stack);
        }
        finally
        {
            gradPreActivation?.Dispose();
        }
    }
}
