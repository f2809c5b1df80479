using System.Runtime.InteropServices;

namespace Esrgan.Native.Dnnl;

/// <summary>P/Invoke declarations for the oneDNN 2.6 C API (Debian package libdnnl2).</summary>
internal static unsafe partial class DnnlApi
{
    public const string Library = "libdnnl.so.2";

    public const int Success = 0;
    public const int Unimplemented = 3;
    public const int DataTypeBf16 = 2;
    public const int DataTypeF32 = 3;
    public const int EngineCpu = 1;
    public const int StreamDefaultFlags = 1;

    public const int TagAny = 1;
    public const int TagX = 2;
    public const int TagNchw = 5;   // also oihw / abcd
    public const int TagNChw16c = 69;
    public const int TagNChw8c = 93;

    public const int PropForwardTraining = 64;
    public const int ConvolutionDirect = 1;
    public const int ConvolutionWinograd = 2;
    public const int EltwiseRelu = 31;

    public const int ArgSrc = 1, ArgDst = 17, ArgWeights = 33, ArgBias = 41, ArgScratchpad = 80;
    public const int ArgDiffSrc = 129, ArgDiffDst = 145, ArgDiffWeights = 161, ArgDiffBias = 169;

    public const int QueryWeightsMd = 131, QueryDiffWeightsMd = 132, QueryScratchpadMd = 136, QueryImplInfoStr = 8;
    public const int ScratchpadModeUser = 1;

    public const int IsaAvx512Core = 0x27;
    public const int IsaAvx512CoreBf16 = 0xe7;

    [LibraryImport(Library, EntryPoint = "dnnl_version")]
    public static partial DnnlVersion* Version();

    [LibraryImport(Library, EntryPoint = "dnnl_get_effective_cpu_isa")]
    public static partial int EffectiveCpuIsa();

    [LibraryImport(Library, EntryPoint = "dnnl_engine_create")]
    public static partial int EngineCreate(out nint engine, int kind, nuint index);

    [LibraryImport(Library, EntryPoint = "dnnl_stream_create")]
    public static partial int StreamCreate(out nint stream, nint engine, uint flags);

    [LibraryImport(Library, EntryPoint = "dnnl_stream_wait")]
    public static partial int StreamWait(nint stream);

    [LibraryImport(Library, EntryPoint = "dnnl_memory_desc_init_by_tag")]
    public static partial int MemoryDescInitByTag(MemoryDesc* md, int ndims, long* dims, int dataType, int tag);

    [LibraryImport(Library, EntryPoint = "dnnl_memory_desc_init_by_strides")]
    public static partial int MemoryDescInitByStrides(MemoryDesc* md, int ndims, long* dims, int dataType, long* strides);

    [LibraryImport(Library, EntryPoint = "dnnl_memory_desc_equal")]
    public static partial int MemoryDescEqual(MemoryDesc* a, MemoryDesc* b);

    [LibraryImport(Library, EntryPoint = "dnnl_memory_desc_get_size")]
    public static partial nuint MemoryDescGetSize(MemoryDesc* md);

    [LibraryImport(Library, EntryPoint = "dnnl_memory_create")]
    public static partial int MemoryCreate(out nint memory, MemoryDesc* md, nint engine, void* handle);

    [LibraryImport(Library, EntryPoint = "dnnl_memory_destroy")]
    public static partial int MemoryDestroy(nint memory);

    [LibraryImport(Library, EntryPoint = "dnnl_convolution_forward_desc_init")]
    public static partial int ConvolutionForwardDescInit(ConvolutionDesc* desc, int propKind, int algKind,
        MemoryDesc* src, MemoryDesc* weights, MemoryDesc* bias, MemoryDesc* dst, long* strides, long* padL, long* padR);

    [LibraryImport(Library, EntryPoint = "dnnl_convolution_backward_data_desc_init")]
    public static partial int ConvolutionBackwardDataDescInit(ConvolutionDesc* desc, int algKind,
        MemoryDesc* diffSrc, MemoryDesc* weights, MemoryDesc* diffDst, long* strides, long* padL, long* padR);

    [LibraryImport(Library, EntryPoint = "dnnl_convolution_backward_weights_desc_init")]
    public static partial int ConvolutionBackwardWeightsDescInit(ConvolutionDesc* desc, int algKind,
        MemoryDesc* src, MemoryDesc* diffWeights, MemoryDesc* diffBias, MemoryDesc* diffDst, long* strides, long* padL, long* padR);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_desc_create")]
    public static partial int PrimitiveDescCreate(out nint pd, void* opDesc, nint attr, nint engine, nint hintForward);

    [LibraryImport(Library, EntryPoint = "dnnl_reorder_primitive_desc_create")]
    public static partial int ReorderPrimitiveDescCreate(out nint pd, MemoryDesc* src, nint srcEngine, MemoryDesc* dst, nint dstEngine, nint attr);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_desc_query_md")]
    public static partial MemoryDesc* PrimitiveDescQueryMd(nint pd, int what, int index);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_desc_query")]
    public static partial int PrimitiveDescQuery(nint pd, int what, int index, void* result);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_desc_destroy")]
    public static partial int PrimitiveDescDestroy(nint pd);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_create")]
    public static partial int PrimitiveCreate(out nint primitive, nint pd);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_execute")]
    public static partial int PrimitiveExecute(nint primitive, nint stream, int nargs, ExecArg* args);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_destroy")]
    public static partial int PrimitiveDestroy(nint primitive);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_attr_create")]
    public static partial int PrimitiveAttrCreate(out nint attr);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_attr_destroy")]
    public static partial int PrimitiveAttrDestroy(nint attr);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_attr_set_scratchpad_mode")]
    public static partial int PrimitiveAttrSetScratchpadMode(nint attr, int mode);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_attr_set_output_scales")]
    public static partial int PrimitiveAttrSetOutputScales(nint attr, long count, int mask, float* scales);

    [LibraryImport(Library, EntryPoint = "dnnl_primitive_attr_set_post_ops")]
    public static partial int PrimitiveAttrSetPostOps(nint attr, nint postOps);

    [LibraryImport(Library, EntryPoint = "dnnl_post_ops_create")]
    public static partial int PostOpsCreate(out nint postOps);

    [LibraryImport(Library, EntryPoint = "dnnl_post_ops_destroy")]
    public static partial int PostOpsDestroy(nint postOps);

    [LibraryImport(Library, EntryPoint = "dnnl_post_ops_append_eltwise")]
    public static partial int PostOpsAppendEltwise(nint postOps, float scale, int algKind, float alpha, float beta);

    [LibraryImport(Library, EntryPoint = "dnnl_post_ops_append_sum")]
    public static partial int PostOpsAppendSum(nint postOps, float scale);

    public static void Check(int status, string what)
    {
        if (status != Success) throw new DnnlException(what, status);
    }
}

[StructLayout(LayoutKind.Sequential)]
internal struct DnnlVersion
{
    public int Major, Minor, Patch;
    public nint Hash;
    public uint CpuRuntime, GpuRuntime;
}

/// <summary>dnnl_memory_desc_t, treated as an opaque blob (size checked against the 2.6 headers), compared by its bytes.</summary>
[StructLayout(LayoutKind.Sequential, Size = 696)]
internal struct MemoryDesc : IEquatable<MemoryDesc>
{
    private long _first;

    private static ReadOnlySpan<byte> Bytes(ref readonly MemoryDesc md) => MemoryMarshal.AsBytes(new ReadOnlySpan<MemoryDesc>(in md));

    public readonly bool Equals(MemoryDesc other) => Bytes(in this).SequenceEqual(Bytes(in other));

    public override readonly bool Equals(object? obj) => obj is MemoryDesc other && Equals(other);

    public override readonly int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Bytes(in this));
        return hash.ToHashCode();
    }
}

/// <summary>dnnl_convolution_desc_t, opaque.</summary>
[StructLayout(LayoutKind.Sequential, Size = 5976)]
internal struct ConvolutionDesc
{
    private long _first;
}

[StructLayout(LayoutKind.Sequential)]
internal struct ExecArg
{
    public int Arg;
    public nint Memory;

    public ExecArg(int arg, nint memory) { Arg = arg; Memory = memory; }
}

internal sealed class DnnlException : Exception
{
    public DnnlException(string what, int status)
        : base($"oneDNN call {what} failed with status {status} ({StatusName(status)})") => Status = status;

    public int Status { get; }

    private static string StatusName(int status) => status switch
    {
        1 => "out of memory",
        2 => "invalid arguments",
        3 => "unimplemented: no kernel for this configuration",
        4 => "iterator ends",
        5 => "runtime error",
        6 => "not required",
        _ => "unknown",
    };
}
