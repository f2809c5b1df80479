using Esrgan.Native.Dnnl;

namespace Esrgan.Engine.Cpu;

/// <summary>
/// Convolution on oneDNN. Activations keep the layout of the tensors given (blocked in conv chains); weights are
/// converted once per parameter version into the layout each primitive prefers. Primitives are cached per input shape.
/// Where the algorithm allows Winograd, 3x3 stride-1 convolutions between blocked tensors of at least
/// <see cref="WinogradMinPixels"/> output pixels use oneDNN's Winograd kernels (about twice as fast here), falling
/// back to direct ones where oneDNN has none or their scratchpad would exceed <see cref="WinogradMaxScratchpadBytes"/>.
/// </summary>
internal sealed unsafe class DnnlConvolution : IConvolutionKernel
{
    private readonly Dictionary<PrimitiveKey, Entry> _cache = new();
    private readonly Dictionary<(string Layout, float Scale), WeightsCopy> _converted = new();

    /// <summary>Weights in one primitive layout; primitives for different input sizes usually share it.</summary>
    private sealed class WeightsCopy(NativeBuffer buffer)
    {
        public NativeBuffer Buffer { get; } = buffer;
        public ParameterData? Source;
        public long Version = -1;
    }

    /// <summary>Below this many output pixels (N x H x W) direct kernels are faster (measured with oneDNN 2.6).</summary>
    public const long WinogradMinPixels = 1024;

    /// <summary>The Winograd scratchpad grows with the image (about 2.9 KB per pixel for 192 to 64 channels).</summary>
    public const long WinogradMaxScratchpadBytes = 256L << 20;

    private readonly ConvolutionAlgorithm _algorithm;

    public DnnlConvolution(ConvolutionSpec spec, ConvolutionAlgorithm algorithm)
    {
        Spec = spec;
        _algorithm = algorithm;
    }

    public ConvolutionSpec Spec { get; }

    private enum Pass { Inference, Forward, BackwardData, BackwardWeights }

    private readonly record struct PrimitiveKey(Pass Pass, int N, int H, int W, TensorLayout Src, TensorLayout Dst, ConvEpilogue Epilogue);

    /// <summary>A primitive with the weights converted for it (forward and backward-data read weights).</summary>
    private sealed class Entry : IDisposable
    {
        public required DnnlPrimitive Primitive;
        public required DnnlPrimitive? ForwardHint;
        public MemoryDesc WeightsMd;

        /// <summary>A LeakyReLU applied after the kernel, for kernels that cannot fuse it (Winograd fuses only ReLU).</summary>
        public float? SeparateLeakySlope;

        public void Dispose()
        {
            Primitive.Dispose();
            ForwardHint?.Dispose();
        }
    }

    /// <remarks>
    /// oneDNN's fast kernels take "activation then sum" post-ops but fall back to a reference kernel for a scale in
    /// between, so a positive output scale is folded into the converted weights and the bias instead
    /// (LeakyReLU commutes with positive scaling).
    /// </remarks>
    public void Forward(Tensor src, ParameterData weights, ParameterData? bias, Tensor dst, ConvEpilogue epilogue, bool inference)
    {
        CheckShapes(src, dst);
        if (Spec.HasBias != (bias != null)) throw new ArgumentException("bias presence does not match the convolution spec");
        if (epilogue.OutputScale <= 0) throw new ArgumentException("the output scale must be positive");
        var entry = Get(new PrimitiveKey(inference ? Pass.Inference : Pass.Forward, src.N, src.H, src.W, src.Layout, dst.Layout, epilogue));
        float* w = ConvertedWeights(entry, weights, epilogue.OutputScale);
        float[]? scaledBias = bias == null ? null : epilogue.OutputScale == 1f ? bias.Values : Scaled(bias.Values, epilogue.OutputScale);
        fixed (float* b = scaledBias)
        {
            var biasMd = DnnlMemory.ByTag([Spec.OutChannels], DnnlApi.TagX);
            Span<(int, MemoryDesc, nint)> args =
            [
                (DnnlApi.ArgSrc, DnnlMemory.Describe(src), (nint)src.Data),
                (DnnlApi.ArgWeights, entry.WeightsMd, (nint)w),
                (DnnlApi.ArgDst, DnnlMemory.Describe(dst), (nint)dst.Data),
                (DnnlApi.ArgBias, biasMd, (nint)b),
            ];
            entry.Primitive.Execute(bias != null ? args : args[..3]);
        }
        if (entry.SeparateLeakySlope is float slope) CpuKernels.LeakyReluOf(dst, dst, slope);
    }

    private static float[] Scaled(float[] values, float scale)
    {
        var result = new float[values.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(values, scale, result);
        return result;
    }

    /// <remarks>
    /// oneDNN has no fast backward-data kernel into a plain gradient from a blocked one (the image-facing first layer),
    /// so that case runs blocked and is reordered.
    /// </remarks>
    public void BackwardData(Tensor diffDst, ParameterData weights, Tensor diffSrc)
    {
        CheckShapes(diffSrc, diffDst);
        if (diffSrc.Layout.IsPlain && !diffDst.Layout.IsPlain)
        {
            using var blocked = Tensor.Empty(diffSrc.N, diffSrc.C, diffSrc.H, diffSrc.W, diffDst.Layout);
            BackwardData(diffDst, weights, blocked);
            DnnlMemory.Reorder(DnnlMemory.Describe(blocked), blocked.Data, DnnlMemory.Describe(diffSrc), diffSrc.Data);
            return;
        }
        var entry = Get(new PrimitiveKey(Pass.BackwardData, diffSrc.N, diffSrc.H, diffSrc.W, diffSrc.Layout, diffDst.Layout, ConvEpilogue.None));
        float* w = ConvertedWeights(entry, weights);
        entry.Primitive.Execute(
        [
            (DnnlApi.ArgDiffDst, DnnlMemory.Describe(diffDst), (nint)diffDst.Data),
            (DnnlApi.ArgWeights, entry.WeightsMd, (nint)w),
            (DnnlApi.ArgDiffSrc, DnnlMemory.Describe(diffSrc), (nint)diffSrc.Data),
        ]);
    }

    public void BackwardWeights(Tensor src, Tensor diffDst, Span<float> weightGrad, Span<float> biasGrad)
    {
        CheckShapes(src, diffDst);
        if (weightGrad.Length != Spec.WeightCount) throw new ArgumentException("weight gradient has the wrong length");
        var entry = Get(new PrimitiveKey(Pass.BackwardWeights, src.N, src.H, src.W, src.Layout, diffDst.Layout, ConvEpilogue.None));
        var diffWeightsMd = entry.Primitive.QueryMd(DnnlApi.QueryDiffWeightsMd);
        var diffW = new NativeBuffer(DnnlMemory.SizeInFloats(diffWeightsMd), zero: false);
        var plainW = new NativeBuffer(Spec.WeightCount, zero: false);
        var diffB = new NativeBuffer(Spec.OutChannels, zero: false);
        try
        {
            Span<(int, MemoryDesc, nint)> args =
            [
                (DnnlApi.ArgSrc, DnnlMemory.Describe(src), (nint)src.Data),
                (DnnlApi.ArgDiffDst, DnnlMemory.Describe(diffDst), (nint)diffDst.Data),
                (DnnlApi.ArgDiffWeights, diffWeightsMd, (nint)diffW.Pointer),
                (DnnlApi.ArgDiffBias, DnnlMemory.ByTag([Spec.OutChannels], DnnlApi.TagX), (nint)diffB.Pointer),
            ];
            entry.Primitive.Execute(Spec.HasBias ? args : args[..3]);
            DnnlMemory.Reorder(diffWeightsMd, diffW.Pointer, PlainWeightsMd(), plainW.Pointer);
            System.Numerics.Tensors.TensorPrimitives.Add(weightGrad, new ReadOnlySpan<float>(plainW.Pointer, weightGrad.Length), weightGrad);
            if (Spec.HasBias)
                System.Numerics.Tensors.TensorPrimitives.Add(biasGrad, new ReadOnlySpan<float>(diffB.Pointer, Spec.OutChannels), biasGrad);
        }
        finally
        {
            diffW.Release();
            plainW.Release();
            diffB.Release();
        }
    }

    private void CheckShapes(Tensor src, Tensor dst)
    {
        if (src.C != Spec.InChannels || dst.C != Spec.OutChannels || src.N != dst.N
            || dst.H != Spec.OutputSize(src.H) || dst.W != Spec.OutputSize(src.W))
            throw new ArgumentException($"convolution {Spec} cannot map {src.ShapeString} to {dst.ShapeString}");
    }

    private MemoryDesc PlainWeightsMd() =>
        DnnlMemory.ByTag([Spec.OutChannels, Spec.InChannels, Spec.Kernel, Spec.Kernel], DnnlApi.TagNchw);

    private float* ConvertedWeights(Entry entry, ParameterData weights, float scale = 1f)
    {
        if (weights.Values.LongLength != Spec.WeightCount) throw new ArgumentException("weights do not match the convolution spec");
        var key = (DnnlMemory.Key(entry.WeightsMd), scale);
        lock (_converted)
        {
            if (!_converted.TryGetValue(key, out var converted))
            {
                converted = new WeightsCopy(new NativeBuffer(DnnlMemory.SizeInFloats(entry.WeightsMd), zero: true));
                _converted[key] = converted;
            }
            if (!ReferenceEquals(converted.Source, weights) || converted.Version != weights.Version)
            {
                fixed (float* plain = scale == 1f ? weights.Values : Scaled(weights.Values, scale))
                    DnnlMemory.Reorder(PlainWeightsMd(), plain, entry.WeightsMd, converted.Buffer.Pointer);
                converted.Source = weights;
                converted.Version = weights.Version;
            }
            return converted.Buffer.Pointer;
        }
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
        _algorithm switch { ConvolutionAlgorithm.Winograd => true, ConvolutionAlgorithm.Auto => key.Pass == Pass.Inference, _ => false }
        && Spec is { Kernel: 3, Stride: 1, Padding: 1 }
        && !key.Src.IsPlain && !key.Dst.IsPlain
        && (long)key.N * key.H * key.W >= WinogradMinPixels
        && !(key.Epilogue.LeakySlope is float slope && slope != 0f && key.Epilogue.AccumulateIntoDst);

    /// <summary>The primitives for one pass with one algorithm, or null when oneDNN has no kernel for them.</summary>
    private Entry? TryCreate(PrimitiveKey key, int algorithm, string algorithmName)
    {
        int oh = Spec.OutputSize(key.H), ow = Spec.OutputSize(key.W);
        var src = DnnlMemory.Describe(key.N, Spec.InChannels, key.H, key.W, key.Src);
        var dst = DnnlMemory.Describe(key.N, Spec.OutChannels, oh, ow, key.Dst);
        var weightsAny = DnnlMemory.Any([Spec.OutChannels, Spec.InChannels, Spec.Kernel, Spec.Kernel]);
        var bias = DnnlMemory.ByTag([Spec.OutChannels], DnnlApi.TagX);
        long* strides = stackalloc long[] { Spec.Stride, Spec.Stride };
        long* pad = stackalloc long[] { Spec.Padding, Spec.Padding };
        MemoryDesc* biasPtr = Spec.HasBias ? &bias : null;
        string what = $"{Spec} {algorithmName}";

        ConvolutionDesc fwd;
        DnnlApi.Check(DnnlApi.ConvolutionForwardDescInit(&fwd, DnnlApi.PropForwardTraining, algorithm,
            &src, &weightsAny, biasPtr, &dst, strides, pad, pad), "convolution_forward_desc_init");
        if (key.Pass is Pass.Inference or Pass.Forward)
        {
            var prim = TryMake(&fwd, key.Epilogue, 0, $"conv fwd {what}");
            return prim == null ? null : new Entry { Primitive = prim, ForwardHint = null, WeightsMd = prim.QueryMd(DnnlApi.QueryWeightsMd) };
        }

        var hint = TryMake(&fwd, ConvEpilogue.None, 0, $"conv fwd hint {what}");
        if (hint == null) return null;
        ConvolutionDesc bwd;
        DnnlPrimitive? backward;
        if (key.Pass == Pass.BackwardData)
        {
            DnnlApi.Check(DnnlApi.ConvolutionBackwardDataDescInit(&bwd, algorithm, &src, &weightsAny, &dst,
                strides, pad, pad), "convolution_backward_data_desc_init");
            backward = TryMake(&bwd, ConvEpilogue.None, hint.Descriptor, $"conv bwd data {what}");
        }
        else
        {
            DnnlApi.Check(DnnlApi.ConvolutionBackwardWeightsDescInit(&bwd, algorithm, &src, &weightsAny, biasPtr, &dst,
                strides, pad, pad), "convolution_backward_weights_desc_init");
            backward = TryMake(&bwd, ConvEpilogue.None, hint.Descriptor, $"conv bwd weights {what}");
        }
        if (backward == null)
        {
            hint.Dispose();
            return null;
        }
        return new Entry
        {
            Primitive = backward,
            ForwardHint = hint,
            WeightsMd = key.Pass == Pass.BackwardData ? backward.QueryMd(DnnlApi.QueryWeightsMd) : default,
        };
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
        lock (_cache) return _cache.Values.Select(e => $"{e.Primitive.Name}: {e.Primitive.Implementation}").ToList();
    }

    public void Dispose()
    {
        lock (_cache)
        {
            foreach (var e in _cache.Values) e.Dispose();
            _cache.Clear();
        }
        lock (_converted)
        {
            foreach (var c in _converted.Values) c.Buffer.Release();
            _converted.Clear();
        }
    }
}
