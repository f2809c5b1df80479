namespace Esrgan.Engine;

/// <summary>
/// The engine's kernel layer. Layers and models reach compute only through this interface, so another backend
/// (for example CUDA) can replace the CPU one. Tensors passed in belong to the backend that made them.
/// Unless stated otherwise, output tensors are preallocated by the caller and may not alias inputs.
/// </summary>
internal interface IKernels
{
    string Description { get; }

    /// <summary>The layout convolution chains keep their activations in.</summary>
    TensorLayout ActivationLayout { get; }

    /// <summary>Whether the hardware multiplies bfloat16 natively, so <see cref="Precision.BFloat16"/> convolutions pay off.</summary>
    bool NativeBFloat16 { get; }

    /// <summary>
    /// A convolution; it computes in <see cref="ComputePrecision.Current"/> at each call. In bf16 it also reads and
    /// writes <see cref="ElementType.BFloat16"/> tensors, so chains of convolutions need no conversions between them.
    /// </summary>
    IConvolutionKernel CreateConvolution(ConvolutionSpec spec);

    /// <summary>Frees scratch memory the kernels keep between calls (made again when next needed).</summary>
    void ReleaseWorkspace();

    /// <summary>Copies between any two layouts and element types of the same logical shape (rounding to bfloat16 to nearest even).</summary>
    void Reorder(Tensor src, Tensor dst);

    /// <summary>
    /// Copies (or, with <paramref name="accumulate"/>, adds) channels [srcStart, srcStart+count) of src into channels
    /// [dstStart, dstStart+count) of dst, for any two layouts with the same N, H and W. Concatenation and its backward.
    /// </summary>
    void CopyChannels(Tensor src, int srcStart, Tensor dst, int dstStart, int count, bool accumulate);

    /// <summary>Copies the images of <paramref name="batch"/> into their rows of <paramref name="stacked"/> (gap rows untouched).</summary>
    void Stack(Tensor batch, Tensor stacked, ImageStack stack);

    /// <summary>Copies (or, with <paramref name="accumulate"/>, adds) the images of <paramref name="stacked"/> into <paramref name="batch"/>.</summary>
    void Unstack(Tensor stacked, ImageStack stack, Tensor batch, bool accumulate);

    /// <summary>Zeroes the gap rows of <paramref name="stacked"/>.</summary>
    void ZeroGaps(Tensor stacked, ImageStack stack);

    /// <summary>dst = alpha * a + beta * b, element-wise (same shape and layout; dst may alias a or b).</summary>
    void Axpby(float alpha, Tensor a, float beta, Tensor b, Tensor dst);

    /// <summary>dst = a * b, element-wise (dst may alias a or b).</summary>
    void Multiply(Tensor a, Tensor b, Tensor dst);

    /// <summary>dst = alpha * src (dst may alias src).</summary>
    void Scale(float alpha, Tensor src, Tensor dst);

    /// <summary>dst = src where src &gt; 0 else slope * src (dst may alias src). Slope 0 is ReLU.</summary>
    void LeakyRelu(Tensor src, Tensor dst, float slope);

    /// <summary>diffSrc = diffDst * (y &gt; 0 ? 1 : slope), with y the forward output (slope must be &gt; 0 or y the input).</summary>
    void LeakyReluBackward(Tensor y, Tensor diffDst, Tensor diffSrc, float slope);

    /// <summary>dst = 1 / (1 + exp(-src)).</summary>
    void Sigmoid(Tensor src, Tensor dst);

    void UpsampleNearest2x(Tensor src, Tensor dst);
    void UpsampleNearest2xBackward(Tensor diffDst, Tensor diffSrc);

    /// <summary>F.interpolate(mode='nearest') by an integer factor: dst[y, x] = src[y / factor, x / factor].</summary>
    void UpsampleNearest(Tensor src, Tensor dst, int factor);
    void UpsampleNearestBackward(Tensor diffDst, Tensor diffSrc, int factor);

    /// <summary>F.interpolate(mode='bilinear', align_corners=False) by an integer factor (edges clamped as in PyTorch).</summary>
    void UpsampleBilinear(Tensor src, Tensor dst, int factor);
    void UpsampleBilinearBackward(Tensor diffDst, Tensor diffSrc, int factor);

    /// <summary>2x2 max pooling with stride 2; <paramref name="argmax"/> receives the winning offset in each window.</summary>
    void MaxPool2x2(Tensor src, Tensor dst, byte[] argmax);
    void MaxPool2x2Backward(Tensor diffDst, byte[] argmax, Tensor diffSrc);

    /// <summary>PyTorch pixel shuffle: (C*r*r, H, W) to (C, H*r, W*r); unshuffle is the inverse.</summary>
    void PixelShuffle(Tensor src, Tensor dst, int factor);
    void PixelUnshuffle(Tensor src, Tensor dst, int factor);

    /// <summary>dst = src + bias[c] per channel.</summary>
    void AddChannelBias(Tensor src, ReadOnlySpan<float> bias, Tensor dst);

    /// <summary>PReLU with one slope per channel (or one shared slope when slopes has length 1).</summary>
    void PRelu(Tensor src, ReadOnlySpan<float> slopes, Tensor dst);
    /// <summary>Gradient of PReLU: writes diffSrc and adds into diffSlopes.</summary>
    void PReluBackward(Tensor src, ReadOnlySpan<float> slopes, Tensor diffDst, Tensor diffSrc, Span<float> diffSlopes);

    /// <summary>Per-channel mean and biased variance over N, H, W.</summary>
    void ChannelMeanVariance(Tensor src, Span<double> mean, Span<double> variance);
    /// <summary>dst = src * scale[c] + shift[c].</summary>
    void ChannelAffine(Tensor src, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Tensor dst);
    /// <summary>Per-channel sums of diffDst and of diffDst * src over N, H, W.</summary>
    void ChannelGradientSums(Tensor src, Tensor diffDst, Span<double> sumDiff, Span<double> sumDiffTimesSrc);
    /// <summary>dst = a[c] * diffDst + b[c] * src + c0[c] (the batch-norm input gradient in affine form).</summary>
    void ChannelCombine(Tensor diffDst, ReadOnlySpan<float> a, Tensor src, ReadOnlySpan<float> b, ReadOnlySpan<float> c0, Tensor dst);
}

/// <summary>
/// A convolution of fixed geometry; the backend converts and caches weights per weight version. Every pass may be
/// told that its tensors are an <see cref="ImageStack"/> (one tall image holding a batch); the backend may then run
/// the images as a batch, and the result's gap rows are unspecified.
/// </summary>
internal interface IConvolutionKernel : IDisposable
{
    ConvolutionSpec Spec { get; }

    /// <summary>Whether a call now computes in bfloat16 (the precision in force and the spec allow it).</summary>
    bool ComputesInBFloat16 { get; }

    /// <summary>
    /// Forward pass; weights are plain OIHW, bias has OutChannels entries (or is empty when the spec has none).
    /// <paramref name="inference"/> says no backward pass will follow, which lets the backend use faster algorithms.
    /// </summary>
    void Forward(Tensor src, ParameterData weights, ParameterData? bias, Tensor dst, ConvEpilogue epilogue, bool inference = false,
        ImageStack? stack = null);

    /// <summary>diffSrc = gradient with respect to the input (overwritten).</summary>
    void BackwardData(Tensor diffDst, ParameterData weights, Tensor diffSrc, ImageStack? stack = null);

    /// <summary>Adds the weight (and bias) gradients of this pass into the given accumulators.</summary>
    void BackwardWeights(Tensor src, Tensor diffDst, Span<float> weightGrad, Span<float> biasGrad, ImageStack? stack = null);
}
