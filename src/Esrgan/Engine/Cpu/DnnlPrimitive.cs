using System.Runtime.InteropServices;
using Esrgan.Native.Dnnl;

namespace Esrgan.Engine.Cpu;

/// <summary>
/// A created oneDNN primitive with its own scratchpad. Executions pass raw pointers for each argument;
/// memory objects are made per call because tensors move between calls.
/// </summary>
internal sealed unsafe class DnnlPrimitive : IDisposable
{
    private nint _pd;
    private nint _primitive;
    private readonly NativeBuffer? _scratchpad;
    private readonly MemoryDesc _scratchpadMd;

    public DnnlPrimitive(void* opDesc, nint attr, nint hint, string what)
    {
        DnnlApi.Check(DnnlApi.PrimitiveDescCreate(out _pd, opDesc, attr, DnnlContext.Engine, hint), $"primitive_desc_create({what})");
        DnnlApi.Check(DnnlApi.PrimitiveCreate(out _primitive, _pd), $"primitive_create({what})");
        _scratchpadMd = *DnnlApi.PrimitiveDescQueryMd(_pd, DnnlApi.QueryScratchpadMd, 0);
        long scratch = DnnlMemory.SizeInFloats(_scratchpadMd);
        if (scratch > 0) _scratchpad = new NativeBuffer(scratch + 1, zero: false);
        Name = what;
    }

    public string Name { get; }
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
        int count = args.Length + (_scratchpad != null ? 1 : 0);
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
            if (_scratchpad != null)
            {
                MemoryDesc md = _scratchpadMd;
                DnnlApi.Check(DnnlApi.MemoryCreate(out nint mem, &md, engine, _scratchpad.Pointer), "memory_create");
                exec[made++] = new ExecArg(DnnlApi.ArgScratchpad, mem);
            }
            nint stream = DnnlContext.Stream;
            DnnlApi.Check(DnnlApi.PrimitiveExecute(_primitive, stream, count, exec), $"primitive_execute({Name})");
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
        _scratchpad?.Release();
    }
}
