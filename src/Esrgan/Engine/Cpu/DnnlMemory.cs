using Esrgan.Native.Dnnl;

namespace Esrgan.Engine.Cpu;

/// <summary>Builds oneDNN memory descriptors for engine tensors and runs reorders between descriptors.</summary>
internal static unsafe class DnnlMemory
{
    public static MemoryDesc Describe(int n, int c, int h, int w, TensorLayout layout, int dataType = DnnlApi.DataTypeF32)
    {
        int tag = layout.Block switch
        {
            1 => DnnlApi.TagNchw,
            8 => DnnlApi.TagNChw8c,
            16 => DnnlApi.TagNChw16c,
            _ => throw new NotSupportedException($"layout {layout} has no oneDNN tag"),
        };
        return ByTag([n, c, h, w], tag, dataType);
    }

    public static MemoryDesc Describe(Tensor t) => Describe(t.N, t.C, t.H, t.W, t.Layout, DataType(t.Type));

    public static int DataType(ElementType type) => type == ElementType.BFloat16 ? DnnlApi.DataTypeBf16 : DnnlApi.DataTypeF32;

    /// <summary>Dense channels-last (nhwc) data of the logical shape n, c, h, w.</summary>
    public static MemoryDesc Nhwc(int n, int c, int h, int w, int dataType)
    {
        MemoryDesc md;
        long* dims = stackalloc long[] { n, c, h, w };
        long* strides = stackalloc long[] { (long)h * w * c, 1, (long)w * c, c };
        DnnlApi.Check(DnnlApi.MemoryDescInitByStrides(&md, 4, dims, dataType, strides), "memory_desc_init_by_strides");
        return md;
    }

    public static MemoryDesc ByTag(ReadOnlySpan<long> dims, int tag, int dataType = DnnlApi.DataTypeF32)
    {
        MemoryDesc md;
        long* d = stackalloc long[12];
        for (int i = 0; i < dims.Length; i++) d[i] = dims[i];
        DnnlApi.Check(DnnlApi.MemoryDescInitByTag(&md, dims.Length, d, dataType, tag), "memory_desc_init_by_tag");
        return md;
    }

    public static MemoryDesc Any(ReadOnlySpan<long> dims, int dataType = DnnlApi.DataTypeF32) => ByTag(dims, DnnlApi.TagAny, dataType);

    /// <summary>Floats that hold the described data (rounded up for 2-byte types).</summary>
    public static long SizeInFloats(MemoryDesc md) => ((long)DnnlApi.MemoryDescGetSize(&md) + sizeof(float) - 1) / sizeof(float);

    public static bool Equal(MemoryDesc a, MemoryDesc b) => DnnlApi.MemoryDescEqual(&a, &b) != 0;

    private static readonly Dictionary<(MemoryDesc Src, MemoryDesc Dst, bool Accumulate, float Scale), nint> ReorderCache = new();

    /// <summary>
    /// Copies data described by <paramref name="src"/>, times <paramref name="scale"/>, into the layout and type
    /// described by <paramref name="dst"/>, or with <paramref name="accumulate"/> adds it to what <paramref name="dst"/>
    /// holds (dst = dst + scale * src, one pass).
    /// Reorder primitives are made once per pair of descriptors: creating one costs far more than running it.
    /// </summary>
    public static void Reorder(MemoryDesc src, void* srcData, MemoryDesc dst, void* dstData, bool accumulate = false, float scale = 1f)
    {
        nint engine = DnnlContext.Engine;
        nint prim = ReorderPrimitive(src, dst, accumulate, scale);
        nint srcMem = 0, dstMem = 0;
        try
        {
            DnnlApi.Check(DnnlApi.MemoryCreate(out srcMem, &src, engine, srcData), "memory_create");
            DnnlApi.Check(DnnlApi.MemoryCreate(out dstMem, &dst, engine, dstData), "memory_create");
            ExecArg* args = stackalloc ExecArg[2];
            args[0] = new ExecArg(DnnlApi.ArgSrc, srcMem);
            args[1] = new ExecArg(DnnlApi.ArgDst, dstMem);
            nint stream = DnnlContext.Stream;
            DnnlApi.Check(DnnlApi.PrimitiveExecute(prim, stream, 2, args), "primitive_execute(reorder)");
            DnnlApi.Check(DnnlApi.StreamWait(stream), "stream_wait");
        }
        finally
        {
            if (srcMem != 0) DnnlApi.MemoryDestroy(srcMem);
            if (dstMem != 0) DnnlApi.MemoryDestroy(dstMem);
        }
    }

    private static nint ReorderPrimitive(MemoryDesc src, MemoryDesc dst, bool accumulate, float scale)
    {
        var key = (src, dst, accumulate, scale);
        lock (ReorderCache)
        {
            if (ReorderCache.TryGetValue(key, out nint cached)) return cached;
            nint engine = DnnlContext.Engine;
            DnnlApi.Check(DnnlApi.PrimitiveAttrCreate(out nint attr), "primitive_attr_create");
            nint postOps = 0;
            try
            {
                if (scale != 1f) DnnlApi.Check(DnnlApi.PrimitiveAttrSetOutputScales(attr, 1, 0, &scale), "set_output_scales");
                if (accumulate)
                {
                    DnnlApi.Check(DnnlApi.PostOpsCreate(out postOps), "post_ops_create");
                    DnnlApi.Check(DnnlApi.PostOpsAppendSum(postOps, 1f), "append_sum");
                    DnnlApi.Check(DnnlApi.PrimitiveAttrSetPostOps(attr, postOps), "set_post_ops");
                }
                DnnlApi.Check(DnnlApi.ReorderPrimitiveDescCreate(out nint pd, &src, engine, &dst, engine, attr), "reorder_primitive_desc_create");
                try
                {
                    DnnlApi.Check(DnnlApi.PrimitiveCreate(out nint prim, pd), "primitive_create(reorder)");
                    ReorderCache[key] = prim;
                    return prim;
                }
                finally
                {
                    DnnlApi.PrimitiveDescDestroy(pd);
                }
            }
            finally
            {
                if (postOps != 0) DnnlApi.PostOpsDestroy(postOps);
                DnnlApi.PrimitiveAttrDestroy(attr);
            }
        }
    }
}
