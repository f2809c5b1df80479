using Esrgan.Native.Dnnl;

namespace Esrgan.Engine.Cpu;

/// <summary>Builds oneDNN memory descriptors for engine tensors and runs reorders between descriptors.</summary>
internal static unsafe class DnnlMemory
{
    public static MemoryDesc Describe(int n, int c, int h, int w, TensorLayout layout)
    {
        int tag = layout.Block switch
        {
            1 => DnnlApi.TagNchw,
            8 => DnnlApi.TagNChw8c,
            16 => DnnlApi.TagNChw16c,
            _ => throw new NotSupportedException($"layout {layout} has no oneDNN tag"),
        };
        return ByTag([n, c, h, w], tag);
    }

    public static MemoryDesc Describe(Tensor t) => Describe(t.N, t.C, t.H, t.W, t.Layout);

    public static MemoryDesc ByTag(ReadOnlySpan<long> dims, int tag)
    {
        MemoryDesc md;
        long* d = stackalloc long[12];
        for (int i = 0; i < dims.Length; i++) d[i] = dims[i];
        DnnlApi.Check(DnnlApi.MemoryDescInitByTag(&md, dims.Length, d, DnnlApi.DataTypeF32, tag), "memory_desc_init_by_tag");
        return md;
    }

    public static MemoryDesc Any(ReadOnlySpan<long> dims) => ByTag(dims, DnnlApi.TagAny);

    public static long SizeInFloats(MemoryDesc md) => (long)DnnlApi.MemoryDescGetSize(&md) / sizeof(float);

    public static bool Equal(MemoryDesc a, MemoryDesc b) => DnnlApi.MemoryDescEqual(&a, &b) != 0;

    private static readonly Dictionary<string, nint> ReorderCache = new();

    /// <summary>
    /// Copies data described by <paramref name="src"/> into the layout described by <paramref name="dst"/>.
    /// Reorder primitives are made once per pair of descriptors: creating one costs far more than running it.
    /// </summary>
    public static void Reorder(MemoryDesc src, void* srcData, MemoryDesc dst, void* dstData)
    {
        nint engine = DnnlContext.Engine;
        nint prim = ReorderPrimitive(src, dst);
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

    private static nint ReorderPrimitive(MemoryDesc src, MemoryDesc dst)
    {
        string key = Key(src) + Key(dst);
        lock (ReorderCache)
        {
            if (ReorderCache.TryGetValue(key, out nint cached)) return cached;
            nint engine = DnnlContext.Engine;
            DnnlApi.Check(DnnlApi.ReorderPrimitiveDescCreate(out nint pd, &src, engine, &dst, engine, 0), "reorder_primitive_desc_create");
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
    }

    /// <summary>The descriptor's bytes as a dictionary key.</summary>
    public static string Key(MemoryDesc md) => Convert.ToBase64String(new ReadOnlySpan<byte>(&md, sizeof(MemoryDesc)));
}
