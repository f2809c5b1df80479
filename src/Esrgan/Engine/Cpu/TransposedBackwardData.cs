namespace Esrgan.Engine.Cpu;

/// <summary>
/// Backward-data of a stride-1 convolution with few output channels (the image-facing last layers), computed as the
/// forward convolution it equals: the destination gradient convolved with the weights transposed (input and output
/// channels swapped) and flipped, with padding kernel - 1 - padding. oneDNN 2.6.3's backward-data kernels run such
/// layers at a few GFLOP/s (about 30 ms for RRDBNet's 64-to-3 conv_last on a batch of 4 at 128x128, in PyTorch too),
/// its forward kernels for the transposed shape about ten times faster.
/// </summary>
internal sealed class TransposedBackwardData : IDisposable
{
    /// <summary>Output channels below which backward-data runs this way.</summary>
    public const int MaxOutputChannels = 15;

    private readonly ConvolutionSpec _spec;
    private readonly DnnlConvolution _forward;
    private readonly ParameterData _transposed;
    private ParameterData? _source;
    private long _sourceVersion = -1;

    public TransposedBackwardData(ConvolutionSpec spec)
    {
        if (!AppliesTo(spec)) throw new ArgumentException($"backward-data of {spec} is not computed by a transposed convolution");
        _spec = spec;
        var transposedSpec = new ConvolutionSpec(spec.OutChannels, spec.InChannels, spec.Kernel, 1, spec.Kernel - 1 - spec.Padding, HasBias: false);
        // Direct kernels: oneDNN's Winograd kernels are slow for so few input channels.
        _forward = new DnnlConvolution(transposedSpec, ConvolutionAlgorithm.Direct);
        _transposed = new ParameterData([spec.InChannels, spec.OutChannels, spec.Kernel, spec.Kernel]);
    }

    /// <summary>Whether backward-data of <paramref name="spec"/> runs this way.</summary>
    public static bool AppliesTo(ConvolutionSpec spec) =>
        spec.OutChannels <= MaxOutputChannels && spec.Stride == 1 && spec.Padding <= spec.Kernel - 1;

    /// <summary>diffSrc = the gradient with respect to the input of the convolution with <paramref name="weights"/>.</summary>
    /// <remarks>
    /// oneDNN's fast kernels for so few input channels read them plain (as the image a first layer reads), and
    /// fall back to the reference kernel on blocked ones, so a blocked gradient is made plain first.
    /// </remarks>
    public void Run(Tensor diffDst, ParameterData weights, Tensor diffSrc, ImageStack? stack)
    {
        Refresh(weights);
        if (diffDst.Layout.IsPlain)
        {
            _forward.Forward(diffDst, _transposed, null, diffSrc, ConvEpilogue.None, inference: true, stack);
            return;
        }
        using var plain = Tensor.Empty(diffDst.N, diffDst.C, diffDst.H, diffDst.W, TensorLayout.Plain);
        Backend.Current.Reorder(diffDst, plain);
        _forward.Forward(plain, _transposed, null, diffSrc, ConvEpilogue.None, inference: true, stack);
    }

    /// <summary>Names of the oneDNN implementations in use.</summary>
    public IEnumerable<string> Implementations() => _forward.Implementations();

    /// <summary>transposed[i, o, K-1-y, K-1-x] = weights[o, i, y, x], once per weight version.</summary>
    private void Refresh(ParameterData weights)
    {
        lock (_transposed)
        {
            if (ReferenceEquals(_source, weights) && _sourceVersion == weights.Version) return;
            int k = _spec.Kernel, taps = k * k;
            var from = weights.Values;
            var to = _transposed.Values;
            for (int o = 0; o < _spec.OutChannels; o++)
                for (int i = 0; i < _spec.InChannels; i++)
                    for (int t = 0; t < taps; t++)
                        to[((long)i * _spec.OutChannels + o) * taps + taps - 1 - t] = from[((long)o * _spec.InChannels + i) * taps + t];
            _transposed.MarkChanged();
            _source = weights;
            _sourceVersion = weights.Version;
        }
    }

    public void Dispose() => _forward.Dispose();
}
