using System.Runtime.InteropServices;
using Esrgan.Native.Dnnl;

namespace Esrgan.Engine.Cpu;

/// <summary>
/// A created oneDNN primitive. Executions pass raw pointers for each argument (memory objects are made per call
/// because tensors move between calls) and borrow the shared scratchpad.
/// </summary>
internal sealed unsafe class DnnlPrimitive : IDisposable
{
    private nint _pd;
    private nint _primitive;
    private readonly MemoryDesc _scratchpadMd;

    private DnnlPrimitive(nint pd, string what)
    {
        _pd = pd;
        Name = what;
        int status = DnnlApi.PrimitiveCreate(out _primitive, _pd);
        if (status != DnnlApi.Success) DnnlApi.PrimitiveDescDestroy(_pd);
        DnnlApi.Check(status, $"primitive_create({what})");
        _scratchpadMd = *DnnlApi.PrimitiveDescQueryMd(_pd, DnnlApi.QueryScratchpadMd, 0);
        ScratchpadFloats = DnnlMemory.SizeInFloats(_scratchpadMd);
    }

    /// <summary>The primitive, or null when oneDNN has no kernel for this configuration.</summary>
    public static DnnlPrimitive? TryCreate(void* opDesc, nint attr, nint hint, string what)
    {
        int status = DnnlApi.PrimitiveDescCreate(out nint pd, opDesc, attr, DnnlContext.Engine, hint);
        if (status == DnnlApi.Unimplemented) return null;
        DnnlApi.Check(status, $"primitive_desc_create({what})");
        return new DnnlPrimitive(pd, what);
    }

    public string Name { get; }

    public long ScratchpadFloats { get; }
    public nint Descriptor => _pd;

    public MemoryDesc QueryMd(int what) => *DnnlApi.PrimitiveDescQueryMd(_pd, what, 0);

    public string Implementation
    {
        get
        {
            nint str;
            DnnlApi.Check(DnnlApi.PrimitiveDescQuery(_pd, DnnlApi.QueryImplInfoStr, 0, &str), "primitive_desc_query");
            return Marshal.PtrToStringAnsi(str) ?? "?";
        }
    }

    public void Execute(ReadOnlySpan<(int Arg, MemoryDesc Md, nint Data)> args)
    {
        int count = args.Length + (ScratchpadFloats > 0 ? 1 : 0);
        using var scratchpad = DnnlScratchpad.Kernels.Rent(ScratchpadFloats);
        ExecArg* exec = stackalloc ExecArg[count];
        nint engine = DnnlContext.Engine;
        int made = 0;
        try
        {
            for (; made < args.Length; made++)
            {
                MemoryDesc md = args[made].Md;
                DnnlApi.Check(DnnlApi.MemoryCreate(out nint mem, &md, engine, (void*)args[made].Data), "memory_create");
                exec[made] = new ExecArg(args[made].Arg, mem);
            }
            if (ScratchpadFloats > 0)
            {
                MemoryDesc md = _scratchpadMd;
                DnnlApi.Check(DnnlApi.MemoryCreate(out nint mem, &md, engine, scratchpad.Pointer), "memory_create");
                exec[made++] = new ExecArg(DnnlApi.ArgScratchpad, mem);
            }
            nint stream = DnnlContext.Stream;
            int status = DnnlApi.PrimitiveExecute(_primitive, stream, count, exec);
            if (status != DnnlApi.Success) throw new DnnlException($"primitive_execute({Name})", status);
            DnnlApi.Check(DnnlApi.StreamWait(stream), "stream_wait");
        }
        finally
        {
            for (int i = 0; i < made; i++) DnnlApi.MemoryDestroy(exec[i].Memory);
        }
    }

    public void Dispose()
    {
        if (_primitive != 0) DnnlApi.PrimitiveDestroy(_primitive);
        if (_pd != 0) DnnlApi.PrimitiveDescDestroy(_pd);
        _primitive = _pd = 0;
    }
}
