using System.Runtime.InteropServices;

namespace Esrgan.Native.Dnnl;

/// <summary>
/// The process-wide oneDNN CPU engine, checked once at start-up, and one execution stream per thread
/// (primitives here run with user scratchpads, so threads never share mutable library state).
/// </summary>
internal static unsafe class DnnlContext
{
    private static readonly Lazy<nint> EngineHandle = new(CreateEngine);
    [ThreadStatic] private static nint _stream;

    public static nint Engine => EngineHandle.Value;

    public static nint Stream
    {
        get
        {
            if (_stream == 0) DnnlApi.Check(DnnlApi.StreamCreate(out _stream, Engine, DnnlApi.StreamDefaultFlags), "stream_create");
            return _stream;
        }
    }

    public static string VersionString
    {
        get
        {
            var v = LoadVersion();
            return $"oneDNN {v.Major}.{v.Minor}.{v.Patch} ({Marshal.PtrToStringAnsi(v.Hash)})";
        }
    }

    public static string CpuIsa => DnnlApi.EffectiveCpuIsa() switch
    {
        0x1 => "sse41",
        0x3 => "avx",
        0x7 => "avx2",
        0x407 => "avx2_vnni",
        0x27 => "avx512_core",
        0x67 => "avx512_core_vnni",
        0xe7 => "avx512_core_bf16",
        0x3e7 => "avx512_core_amx",
        int other => $"isa 0x{other:x}",
    };

    public static bool HasAvx512 => (DnnlApi.EffectiveCpuIsa() & DnnlApi.IsaAvx512Core) == DnnlApi.IsaAvx512Core;

    /// <summary>Whether oneDNN runs bf16 convolutions on native AVX512_BF16 instructions (vdpbf16ps).</summary>
    public static bool HasBFloat16 => (DnnlApi.EffectiveCpuIsa() & DnnlApi.IsaAvx512CoreBf16) == DnnlApi.IsaAvx512CoreBf16;

    private static DnnlVersion LoadVersion()
    {
        try
        {
            return *DnnlApi.Version();
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException(
                "oneDNN is not installed: the library libdnnl.so.2 was not found. Install it with 'apt-get install libdnnl2' " +
                "(or run tools/setup.sh).", e);
        }
    }

    private static nint CreateEngine()
    {
        var v = LoadVersion();
        if (v.Major != 2 || v.Minor < 6)
            throw new InvalidOperationException($"oneDNN 2.6 or a later 2.x is required, found {v.Major}.{v.Minor}.{v.Patch}");
        DnnlApi.Check(DnnlApi.EngineCreate(out nint engine, DnnlApi.EngineCpu, 0), "engine_create");
        return engine;
    }
}
