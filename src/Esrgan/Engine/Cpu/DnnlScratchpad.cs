namespace Esrgan.Engine.Cpu;

/// <summary>
/// A scratch buffer shared by all oneDNN primitives: Winograd kernels need tens of megabytes each, and a network
/// holds hundreds of primitives that run one after another. It grows to the largest need and is counted in
/// <see cref="NativeBuffer.LiveBytes"/>. A primitive that runs while another thread holds it gets its own buffer.
/// </summary>
internal sealed unsafe class DnnlScratchpad
{
    /// <summary>The primitives' own scratch memory.</summary>
    public static readonly DnnlScratchpad Kernels = new();

    /// <summary>
    /// A bf16 convolution's operands in channels-last order: its source and destination gradient (bfloat16), and its
    /// result before it is copied into the destination tensor.
    /// </summary>
    public static readonly DnnlScratchpad Source = new(), Gradient = new(), Output = new();

    private readonly Lock _gate = new();
    private NativeBuffer? _shared;
    private bool _busy;

    public Lease Rent(long floats)
    {
        if (floats <= 0) return default;
        lock (_gate)
        {
            if (!_busy)
            {
                if (_shared == null || _shared.Length < floats)
                {
                    _shared?.Release();
                    _shared = null;
                    _shared = new NativeBuffer(floats, zero: false);
                }
                _busy = true;
                return new Lease(_shared, this);
            }
        }
        return new Lease(new NativeBuffer(floats, zero: false), null);
    }

    /// <summary>Frees the shared buffers (they are made again at the next need).</summary>
    public static void ReleaseAll()
    {
        Kernels.Release();
        Source.Release();
        Gradient.Release();
        Output.Release();
    }

    private void Release()
    {
        lock (_gate)
        {
            if (_busy || _shared == null) return;
            _shared.Release();
            _shared = null;
        }
    }

    /// <param name="owner">The scratchpad lent from, or null for a buffer of the lease's own.</param>
    public readonly ref struct Lease(NativeBuffer? buffer, DnnlScratchpad? owner)
    {
        public float* Pointer => buffer == null ? null : buffer.Pointer;

        public void Dispose()
        {
            if (buffer == null) return;
            if (owner == null)
            {
                buffer.Release();
                return;
            }
            lock (owner._gate) owner._busy = false;
        }
    }
}
