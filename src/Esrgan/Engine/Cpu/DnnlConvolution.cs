using Esrgan.Native.Dnnl;

namespace Esrgan.Engine.Cpu;

/// <summary>
/// Convolution on oneDNN. Activations keep the layout of the tensors given (blocked in conv chains); weights are
/// converted once per parameter version into persistent buffers in the layout each primitive prefers, in place and
/// without allocating. Primitives are cached per input shape with the buffers they need (diff weights, scaled bias),
/// so a training step at a shape seen before allocates nothing here.
/// Where the algorithm allows Winograd, 3x3 stride-1 convolutions between blocked tensors of at least
/// <see cref="WinogradMinPixels"/> output pixels use oneDNN's Winograd kernels (about twice as fast here), falling
/// back to direct ones where oneDNN has none or their scratchpad would exceed <see cref="WinogradMaxScratchpadBytes"/>.
/// bf16 training forward passes, and backward passes given float32 operands, run on dense channels-last (nhwc) copies
/// of their operands: oneDNN 2.6.3 gives nhwc its brgemm kernels, which outrun its bf16 kernels for blocked layouts on
/// training batches (about 1.5x forward here), and float32 operands need a copy into bf16 anyway; it has fast kernels
/// only for dense operands, so the copies cannot be views. Backward passes given bf16 operands (the feature buffers of
/// bf16 dense blocks) read them in place: there the blocked kernels are as fast as the nhwc ones and no copy is needed.
/// Upscaling stays blocked: there dense blocks chain bf16 tensors without any copy, and copying results back out of
/// nhwc (with accumulation, for residual sums) costs more than the brgemm kernels save on one image.
/// </summary>
internal sealed unsafe class DnnlConvolution : IConvolutionKernel
{
    private readonly Dictionary<PrimitiveKey, Entry> _cache = new();
    private readonly Dictionary<(MemoryDesc Layout, float Scale), WeightsCopy> _converted = new();
    [ThreadStatic] private static long _weightConversions, _inputConversions;

    /// <summary>Weight conversions into kernel layouts done on the calling thread (once per layout and weight version).</summary>
    public static long WeightConversionsOnThread => _weightConversions;

    /// <summary>float32 tensors converted to bf16 before a bf16 kernel read them, on the calling thread.</summary>
    public static long InputConversionsOnThread => _inputConversions;

    /// <summary>
    /// Weights (times the output scale) in one primitive layout, and the bias times the scale when that is not 1;
    /// primitives for different input sizes usually share it.
    /// </summary>
    private sealed class WeightsCopy(MemoryDesc layout, float scale, int outChannels) : IDisposable
    {
        public MemoryDesc Layout { get; } = layout;
        public float Scale { get; } = scale;
        public NativeBuffer Buffer { get; } = new(DnnlMemory.SizeInFloats(layout), zero: true);
        public NativeBuffer? ScaledBias { get; } = scale == 1f ? null : new(outChannels, zero: false);
        public ParameterData? Source, BiasSource;
        public long Version = -1, BiasVersion = -1;

        public void Dispose()
        {
            Buffer.Release();
            ScaledBias?.Release();
        }
    }

    /// <summary>Below this many output pixels (N x H x W) direct kernels are faster (measured with oneDNN 2.6).</summary>
    public const long WinogradMinPixels = 1024;

    /// <summary>The Winograd scratchpad grows with the image (about 2.9 KB per pixel for 192 to 64 channels).</summary>
    public const long WinogradMaxScratchpadBytes = 256L << 20;

    private readonly ConvolutionAlgorithm _algorithm;

    /// <summary>Made on the first backward-data pass (making it with the convolution would recurse for 3-to-3 convolutions).</summary>
    private TransposedBackwardData? _transposedBackwardData;

    public DnnlConvolution(ConvolutionSpec spec, ConvolutionAlgorithm algorithm)
    {
        Spec = spec;
        _algorithm = algorithm;
    }

    public ConvolutionSpec Spec { get; }

    private enum Pass { Inference, Forward, BackwardData, BackwardWeights }

    /// <param name="Bf16">Sources, weights and destination gradients in bfloat16; results and bias in float32, except a
    /// forward destination of type <paramref name="DstType"/> bfloat16 (the next convolution of a bf16 chain reads it).</param>
    /// <param name="Nhwc">The kernel's operands are dense nhwc copies (bf16 training passes).</param>
    private readonly record struct PrimitiveKey(Pass Pass, int N, int H, int W, TensorLayout Src, TensorLayout Dst, ConvEpilogue Epilogue, bool Bf16,
        ElementType DstType = ElementType.Float32, bool Nhwc = false);

    /// <summary>
    /// Convolutions with fewer channels on a side (the image-facing first and last) stay float32 in bf16 mode: they
    /// cost little, oneDNN's bf16 kernels are slow for them, and they set the output's precision.
    /// </summary>
    public const int MinBFloat16Channels = 16;

    public bool ComputesInBFloat16 => ComputePrecision.Current == Precision.BFloat16
        && Spec.InChannels >= MinBFloat16Channels && Spec.OutChannels >= MinBFloat16Channels;

    /// <summary>A primitive with the weights converted for it (forward and backward-data read weights).</summary>
    private sealed class Entry : IDisposable
    {
        public required DnnlPrimitive Primitive;
        public required DnnlPrimitive? ForwardHint;

        /// <summary>The converted weights forward and backward-data passes read.</summary>
        public WeightsCopy? Weights;

        /// <summary>Where backward-weights passes write before the gradients are added to the parameters'.</summary>
        public NativeBuffer? DiffWeights, DiffBias;
        public MemoryDesc DiffWeightsMd;

        /// <summary>A LeakyReLU applied after the kernel, for kernels that cannot fuse it (Winograd fuses only ReLU).</summary>
        public float? SeparateLeakySlope;

        public void Dispose()
        {
            Primitive.Dispose();
            ForwardHint?.Dispose();
            DiffWeights?.Release();
            DiffBias?.Release();
        }
    }

    /// <remarks>
    /// oneDNN's fast kernels take "activation then sum" post-ops but fall back to a reference kernel for a scale in
    /// between, so a positive output scale is folded into the converted weights and the bias instead
    /// (LeakyReLU commutes with positive scaling).
    /// </remarks>
    public void Forward(Tensor src, ParameterData weights, ParameterData? bias, Tensor dst, ConvEpilogue epilogue, bool inference,
        ImageStack? stack = null)
    {
        CheckShapes(src, dst, stack);
        if (Spec.HasBias != (bias != null)) throw new ArgumentException("bias presence does not match the convolution spec");
        if (epilogue.OutputScale <= 0) throw new ArgumentException("the output scale must be positive");
        bool bf16 = ComputesInBFloat16;
        RequireFloat32Unless(bf16, src, dst);
        bool nhwc = bf16 && !inference;
        var batch = nhwc ? Batch(src, stack) : (src.N, src.H);
        var entry = Get(new PrimitiveKey(inference ? Pass.Inference : Pass.Forward, batch.N, batch.H, src.W, src.Layout, dst.Layout, epilogue, bf16, dst.Type, nhwc));
        var copy = Refresh(entry.Weights!, weights, bias);
        using var input = Copies(bf16, nhwc, src) ? DnnlScratchpad.Source.Rent(Bf16Floats(src)) : default;
        using var result = nhwc ? DnnlScratchpad.Output.Rent(NhwcFloats(dst)) : default;
        var resultMd = DnnlMemory.Nhwc(batch.N, dst.C, batch.H, dst.W, DnnlMemory.DataType(dst.Type));
        fixed (float* plainBias = bias?.Values)
        {
            float* b = copy.ScaledBias != null ? copy.ScaledBias.Pointer : plainBias;
            var biasMd = DnnlMemory.ByTag([Spec.OutChannels], DnnlApi.TagX);
            Span<(int, MemoryDesc, nint)> args =
            [
                Operand(DnnlApi.ArgSrc, src, bf16, nhwc, stack, input.Pointer),
                nhwc ? (DnnlApi.ArgDst, resultMd, (nint)result.Pointer) : (DnnlApi.ArgDst, DnnlMemory.Describe(dst), (nint)dst.Address),
                (DnnlApi.ArgWeights, copy.Layout, (nint)copy.Buffer.Pointer),
                (DnnlApi.ArgBias, biasMd, (nint)b),
            ];
            entry.Primitive.Execute(bias != null ? args : args[..3]);
        }
        // The accumulation a float32 kernel does as a post-op happens here, on the way back into the tensor.
        if (nhwc) ChannelsLastCopy.Into(result.Pointer, dst, stack, epilogue.AccumulateIntoDst);
        if (entry.SeparateLeakySlope is float slope) CpuKernels.LeakyReluOf(dst, dst, slope);
    }

    /// <remarks>
    /// oneDNN has no fast backward-data kernel into a plain gradient from a blocked one (the image-facing first layer),
    /// so that case runs blocked and is reordered.
    /// </remarks>
    public void BackwardData(Tensor diffDst, ParameterData weights, Tensor diffSrc, ImageStack? stack = null)
    {
        CheckShapes(diffSrc, diffDst, stack);
        if (diffSrc.Layout.IsPlain && !diffDst.Layout.IsPlain)
        {
            using var blocked = Tensor.Empty(diffSrc.N, diffSrc.C, diffSrc.H, diffSrc.W, diffDst.Layout);
            BackwardData(diffDst, weights, blocked, stack);
            DnnlMemory.Reorder(DnnlMemory.Describe(blocked), blocked.Data, DnnlMemory.Describe(diffSrc), diffSrc.Data);
            return;
        }
        if (diffSrc.Type != ElementType.Float32) throw new ArgumentException("input gradients are float32");
        if (TransposedBackwardData.AppliesTo(Spec) && diffDst.Type == ElementType.Float32)
        {
            LazyInitializer.EnsureInitialized(ref _transposedBackwardData, () => new TransposedBackwardData(Spec)).Run(diffDst, weights, diffSrc, stack);
            return;
        }
        bool bf16 = ComputesInBFloat16;
        RequireFloat32Unless(bf16, diffDst, diffSrc);
        bool nhwc = bf16 && diffDst.Type == ElementType.Float32;
        var batch = nhwc ? Batch(diffSrc, stack) : (diffSrc.N, diffSrc.H);
        var entry = Get(new PrimitiveKey(Pass.BackwardData, batch.N, batch.H, diffSrc.W, diffSrc.Layout, diffDst.Layout, ConvEpilogue.None, bf16,
            Nhwc: nhwc));
        var copy = Refresh(entry.Weights!, weights, null);
        using var gradient = nhwc ? DnnlScratchpad.Gradient.Rent(Bf16Floats(diffDst)) : default;
        using var result = nhwc ? DnnlScratchpad.Output.Rent(NhwcFloats(diffSrc)) : default;
        var resultMd = DnnlMemory.Nhwc(batch.N, diffSrc.C, batch.H, diffSrc.W, DnnlApi.DataTypeF32);
        entry.Primitive.Execute(
        [
            Operand(DnnlApi.ArgDiffDst, diffDst, bf16, nhwc, stack, gradient.Pointer),
            (DnnlApi.ArgWeights, copy.Layout, (nint)copy.Buffer.Pointer),
            nhwc ? (DnnlApi.ArgDiffSrc, resultMd, (nint)result.Pointer) : (DnnlApi.ArgDiffSrc, DnnlMemory.Describe(diffSrc), (nint)diffSrc.Data),
        ]);
        if (nhwc) ChannelsLastCopy.Into(result.Pointer, diffSrc, stack, accumulate: false);
    }

    /// <remarks>The gradient is added to <paramref name="weightGrad"/> by the reorder out of the kernel's layout.</remarks>
    public void BackwardWeights(Tensor src, Tensor diffDst, Span<float> weightGrad, Span<float> biasGrad, ImageStack? stack = null)
    {
        CheckShapes(src, diffDst, stack);
        if (weightGrad.Length != Spec.WeightCount) throw new ArgumentException("weight gradient has the wrong length");
        if (Spec.HasBias && biasGrad.Length != Spec.OutChannels) throw new ArgumentException("bias gradient has the wrong length");
        bool bf16 = ComputesInBFloat16;
        RequireFloat32Unless(bf16, src, diffDst);
        bool nhwc = bf16 && (src.Type == ElementType.Float32 || diffDst.Type == ElementType.Float32);
        var batch = nhwc ? Batch(src, stack) : (src.N, src.H);
        var entry = Get(new PrimitiveKey(Pass.BackwardWeights, batch.N, batch.H, src.W, src.Layout, diffDst.Layout, ConvEpilogue.None, bf16,
            Nhwc: nhwc));
        using var convertedSrc = nhwc ? DnnlScratchpad.Source.Rent(Bf16Floats(src)) : default;
        using var convertedDiff = nhwc ? DnnlScratchpad.Gradient.Rent(Bf16Floats(diffDst)) : default;
        Span<(int, MemoryDesc, nint)> args =
        [
            Operand(DnnlApi.ArgSrc, src, bf16, nhwc, stack, convertedSrc.Pointer),
            Operand(DnnlApi.ArgDiffDst, diffDst, bf16, nhwc, stack, convertedDiff.Pointer),
            (DnnlApi.ArgDiffWeights, entry.DiffWeightsMd, (nint)entry.DiffWeights!.Pointer),
            (DnnlApi.ArgDiffBias, DnnlMemory.ByTag([Spec.OutChannels], DnnlApi.TagX), (nint)entry.DiffBias!.Pointer),
        ];
        entry.Primitive.Execute(Spec.HasBias ? args : args[..3]);
        fixed (float* grad = weightGrad)
            DnnlMemory.Reorder(entry.DiffWeightsMd, entry.DiffWeights.Pointer, PlainWeightsMd(), grad, accumulate: true);
        if (Spec.HasBias)
            System.Numerics.Tensors.TensorPrimitives.Add(biasGrad, new ReadOnlySpan<float>(entry.DiffBias.Pointer, Spec.OutChannels), biasGrad);
    }

    private static long Bf16Floats(Tensor t) => (t.PhysicalLength + 1) / 2;

    /// <summary>Floats that hold <paramref name="t"/>'s elements, of its type, without channel padding.</summary>
    private static long NhwcFloats(Tensor t) => (t.LogicalLength * t.Type.Size() + sizeof(float) - 1) / sizeof(float);

    private void RequireFloat32Unless(bool bf16, Tensor a, Tensor b)
    {
        if (!bf16 && (a.Type != ElementType.Float32 || b.Type != ElementType.Float32))
            throw new ArgumentException($"convolution {Spec} computes in float32 here and cannot take {a} and {b}");
    }

    /// <summary>Whether a bf16 kernel reads a copy of <paramref name="t"/> rather than the tensor itself.</summary>
    private static bool Copies(bool bf16, bool nhwc, Tensor t) => nhwc || (bf16 && t.Type == ElementType.Float32);

    /// <summary>
    /// A tensor argument as the primitive reads it: itself, or copied into bf16 at <paramref name="bf16Data"/>, in nhwc
    /// order or in its own layout.
    /// </summary>
    private static (int, MemoryDesc, nint) Operand(int arg, Tensor t, bool bf16, bool nhwc, ImageStack? stack, float* bf16Data)
    {
        var md = DnnlMemory.Describe(t);
        if (!Copies(bf16, nhwc, t)) return (arg, md, (nint)t.Address);
        var (n, h) = nhwc ? Batch(t, stack) : (t.N, t.H);
        var converted = nhwc ? DnnlMemory.Nhwc(n, t.C, h, t.W, DnnlApi.DataTypeBf16)
            : DnnlMemory.Describe(t.N, t.C, t.H, t.W, t.Layout, DnnlApi.DataTypeBf16);
        if (nhwc) ChannelsLastCopy.ToBFloat16(t, stack, (ushort*)bf16Data);
        else CpuKernels.ToBFloat16InPlaceOrder(t, (ushort*)bf16Data);
        if (t.Type == ElementType.Float32) _inputConversions++;
        return (arg, converted, (nint)bf16Data);
    }

    private void CheckShapes(Tensor src, Tensor dst, ImageStack? stack)
    {
        if (src.C != Spec.InChannels || dst.C != Spec.OutChannels || src.N != dst.N
            || dst.H != Spec.OutputSize(src.H) || dst.W != Spec.OutputSize(src.W))
            throw new ArgumentException($"convolution {Spec} cannot map {src.ShapeString} to {dst.ShapeString}");
        if (stack is ImageStack s && (src.N != 1 || src.H != s.Height || dst.H != src.H || dst.W != src.W || Spec.Padding > s.Gap))
            throw new ArgumentException($"convolution {Spec} cannot run {src.ShapeString} as the stack {s}");
    }

    /// <summary>The images and their height a channels-last copy of <paramref name="t"/> holds: its stack's batch, or itself.</summary>
    private static (int N, int H) Batch(Tensor t, ImageStack? stack) => stack is ImageStack s ? (s.Images, s.ImageHeight) : (t.N, t.H);

    private MemoryDesc PlainWeightsMd() =>
        DnnlMemory.ByTag([Spec.OutChannels, Spec.InChannels, Spec.Kernel, Spec.Kernel], DnnlApi.TagNchw);

    /// <summary>The shared copy of the weights in this layout at this scale.</summary>
    private WeightsCopy CopyFor(MemoryDesc layout, float scale)
    {
        lock (_converted)
        {
            if (!_converted.TryGetValue((layout, scale), out var copy))
                _converted[(layout, scale)] = copy = new WeightsCopy(layout, scale, Spec.OutChannels);
            return copy;
        }
    }

    /// <summary>Brings the copy up to the parameters' current versions: one reorder (scaling on the way), in place.</summary>
    private WeightsCopy Refresh(WeightsCopy copy, ParameterData weights, ParameterData? bias)
    {
        if (weights.Values.LongLength != Spec.WeightCount) throw new ArgumentException("weights do not match the convolution spec");
        lock (copy)
        {
            if (!ReferenceEquals(copy.Source, weights) || copy.Version != weights.Version)
            {
                fixed (float* plain = weights.Values)
                    DnnlMemory.Reorder(PlainWeightsMd(), plain, copy.Layout, copy.Buffer.Pointer, scale: copy.Scale);
                _weightConversions++;
                copy.Source = weights;
                copy.Version = weights.Version;
            }
            if (copy.ScaledBias != null && bias != null && (!ReferenceEquals(copy.BiasSource, bias) || copy.BiasVersion != bias.Version))
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(bias.Values, copy.Scale,
                    new Span<float>(copy.ScaledBias.Pointer, Spec.OutChannels));
                copy.BiasSource = bias;
                copy.BiasVersion = bias.Version;
            }
        }
        return copy;
    }

    private Entry Get(PrimitiveKey key)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue(key, out var entry)) return entry;
            entry = Create(key);
            _cache[key] = entry;
            return entry;
        }
    }

    private Entry Create(PrimitiveKey key)
    {
        if (UsesWinograd(key))
        {
            bool separateLeaky = key.Epilogue.LeakySlope is float slope && slope != 0f;
            var fused = separateLeaky ? key.Epilogue with { LeakySlope = null } : key.Epilogue;
            var winograd = TryCreate(key with { Epilogue = fused }, DnnlApi.ConvolutionWinograd, "winograd");
            if (winograd != null && winograd.Primitive.ScratchpadFloats * sizeof(float) <= WinogradMaxScratchpadBytes)
            {
                winograd.SeparateLeakySlope = separateLeaky ? key.Epilogue.LeakySlope : null;
                return winograd;
            }
            winograd?.Dispose();
        }
        return TryCreate(key, DnnlApi.ConvolutionDirect, "direct")
            ?? throw new DnnlException($"convolution {Spec} {key.Pass} on {key.Src} to {key.Dst}", DnnlApi.Unimplemented);
    }

    /// <remarks>A LeakyReLU done separately cannot precede accumulation into the destination.</remarks>
    private bool UsesWinograd(PrimitiveKey key) =>
        _algorithm != ConvolutionAlgorithm.Direct
        && Spec is { Kernel: 3, Stride: 1, Padding: 1 }
        && !key.Bf16
        && !key.Src.IsPlain && !key.Dst.IsPlain
        && (long)key.N * key.H * key.W >= WinogradMinPixels
        && !(key.Epilogue.LeakySlope is float slope && slope != 0f && key.Epilogue.AccumulateIntoDst);

    /// <summary>The primitives for one pass with one algorithm, or null when oneDNN has no kernel for them.</summary>
    private Entry? TryCreate(PrimitiveKey key, int algorithm, string algorithmName)
    {
        int oh = Spec.OutputSize(key.H), ow = Spec.OutputSize(key.W);
        int low = key.Bf16 ? DnnlApi.DataTypeBf16 : DnnlApi.DataTypeF32;
        bool forward = key.Pass is Pass.Inference or Pass.Forward;
        // In bf16 mode what a kernel reads is bf16 and what it writes float32: src and weights forward, the destination
        // gradient and weights for backward data, src and the destination gradient for backward weights.
        MemoryDesc Input(int type) => key.Nhwc ? DnnlMemory.Nhwc(key.N, Spec.InChannels, key.H, key.W, type)
            : DnnlMemory.Describe(key.N, Spec.InChannels, key.H, key.W, key.Src, type);
        MemoryDesc Output(int type) => key.Nhwc ? DnnlMemory.Nhwc(key.N, Spec.OutChannels, oh, ow, type)
            : DnnlMemory.Describe(key.N, Spec.OutChannels, oh, ow, key.Dst, type);
        var src = Input(low);
        var srcF32 = Input(DnnlApi.DataTypeF32);
        var dst = Output(low);
        var forwardDst = Output(DnnlMemory.DataType(key.DstType));
        // bf16 results land in a copy, so accumulating into the destination happens when they are copied back.
        var epilogue = key.Nhwc ? key.Epilogue with { AccumulateIntoDst = false } : key.Epilogue;
        long[] weightDims = [Spec.OutChannels, Spec.InChannels, Spec.Kernel, Spec.Kernel];
        var weightsAny = DnnlMemory.Any(weightDims, low);
        var weightsF32 = DnnlMemory.Any(weightDims);
        var bias = DnnlMemory.ByTag([Spec.OutChannels], DnnlApi.TagX);
        long* strides = stackalloc long[] { Spec.Stride, Spec.Stride };
        long* pad = stackalloc long[] { Spec.Padding, Spec.Padding };
        MemoryDesc* biasPtr = Spec.HasBias ? &bias : null;
        string what = $"{Spec} {algorithmName}";

        ConvolutionDesc fwd;
        DnnlApi.Check(DnnlApi.ConvolutionForwardDescInit(&fwd, DnnlApi.PropForwardTraining, algorithm,
            &src, &weightsAny, biasPtr, &forwardDst, strides, pad, pad), "convolution_forward_desc_init");
        if (forward)
        {
            var prim = TryMake(&fwd, epilogue, 0, $"conv fwd {what}");
            return prim == null ? null : new Entry
            {
                Primitive = prim,
                ForwardHint = null,
                Weights = CopyFor(prim.QueryMd(DnnlApi.QueryWeightsMd), key.Epilogue.OutputScale),
            };
        }

        var hint = TryMake(&fwd, ConvEpilogue.None, 0, $"conv fwd hint {what}");
        if (hint == null) return null;
        ConvolutionDesc bwd;
        DnnlPrimitive? backward;
        if (key.Pass == Pass.BackwardData)
        {
            DnnlApi.Check(DnnlApi.ConvolutionBackwardDataDescInit(&bwd, algorithm, &srcF32, &weightsAny, &dst,
                strides, pad, pad), "convolution_backward_data_desc_init");
            backward = TryMake(&bwd, ConvEpilogue.None, hint.Descriptor, $"conv bwd data {what}");
        }
        else
        {
            DnnlApi.Check(DnnlApi.ConvolutionBackwardWeightsDescInit(&bwd, algorithm, &src, &weightsF32, biasPtr, &dst,
                strides, pad, pad), "convolution_backward_weights_desc_init");
            backward = TryMake(&bwd, ConvEpilogue.None, hint.Descriptor, $"conv bwd weights {what}");
        }
        if (backward == null)
        {
            hint.Dispose();
            return null;
        }
        var entry = new Entry { Primitive = backward, ForwardHint = hint };
        if (key.Pass == Pass.BackwardData)
            entry.Weights = CopyFor(backward.QueryMd(DnnlApi.QueryWeightsMd), 1f);
        else
        {
            entry.DiffWeightsMd = backward.QueryMd(DnnlApi.QueryDiffWeightsMd);
            entry.DiffWeights = new NativeBuffer(DnnlMemory.SizeInFloats(entry.DiffWeightsMd), zero: false);
            entry.DiffBias = new NativeBuffer(Spec.OutChannels, zero: false);
        }
        return entry;
    }

    private static DnnlPrimitive? TryMake(ConvolutionDesc* desc, ConvEpilogue epilogue, nint hint, string what)
    {
        DnnlApi.Check(DnnlApi.PrimitiveAttrCreate(out nint attr), "primitive_attr_create");
        nint postOps = 0;
        try
        {
            DnnlApi.Check(DnnlApi.PrimitiveAttrSetScratchpadMode(attr, DnnlApi.ScratchpadModeUser), "set_scratchpad_mode");
            if (epilogue.LeakySlope != null || epilogue.AccumulateIntoDst)
            {
                DnnlApi.Check(DnnlApi.PostOpsCreate(out postOps), "post_ops_create");
                if (epilogue.LeakySlope is float slope)
                    DnnlApi.Check(DnnlApi.PostOpsAppendEltwise(postOps, 1f, DnnlApi.EltwiseRelu, slope, 0f), "append_eltwise");
                if (epilogue.AccumulateIntoDst)
                    DnnlApi.Check(DnnlApi.PostOpsAppendSum(postOps, 1f), "append_sum");
                DnnlApi.Check(DnnlApi.PrimitiveAttrSetPostOps(attr, postOps), "set_post_ops");
            }
            return DnnlPrimitive.TryCreate(desc, attr, hint, what);
        }
        finally
        {
            if (postOps != 0) DnnlApi.PostOpsDestroy(postOps);
            DnnlApi.PrimitiveAttrDestroy(attr);
        }
    }

    /// <summary>Names of the oneDNN implementations in use (to spot slow reference kernels).</summary>
    public IEnumerable<string> Implementations()
    {
        lock (_cache)
            return _cache.Values.Select(e => $"{e.Primitive.Name}: {e.Primitive.Implementation}")
                .Concat(_transposedBackwardData?.Implementations() ?? []).ToList();
    }

    public void Dispose()
    {
        _transposedBackwardData?.Dispose();
        lock (_cache)
        {
            foreach (var e in _cache.Values) e.Dispose();
            _cache.Clear();
        }
        lock (_converted)
        {
            foreach (var c in _converted.Values) c.Dispose();
            _converted.Clear();
        }
    }
}
