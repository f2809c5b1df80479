namespace Esrgan.Engine.Cpu;

/// <summary>
/// One scratch buffer shared by all oneDNN primitives: Winograd kernels need tens of megabytes each, and a network
/// holds hundreds of primitives that run one after another. It grows to the largest need and is counted in
/// <see cref="NativeBuffer.LiveBytes"/>. A primitive that runs while another thread holds it gets its own buffer.
/// </summary>
internal static unsafe class DnnlScratchpad
{
    private static readonly Lock Gate = new();
    private static NativeBuffer? _shared;
    private static bool _busy;

    public static Lease Rent(long floats)
    {
        if (floats <= 0) return default;
        lock (Gate)
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
                return new Lease(_shared, shared: true);
            }
        }
        return new Lease(new NativeBuffer(floats, zero: false), shared: false);
    }

    /// <summary>Frees the shared buffer (it is made again at the next need).</summary>
    public static void Release()
    {
        lock (Gate)
        {
            if (_busy || _shared == null) return;
            _shared.Release();
            _shared = null;
        }
    }

    public readonly ref struct Lease(NativeBuffer? buffer, bool shared)
    {
        public float* Pointer => buffer == null ? null : buffer.Pointer;

        public void Dispose()
        {
            if (buffer == null) return;
            if (!shared)
            {
                buffer.Release();
                return;
            }
            lock (Gate) _busy = false;
        }
    }
}
