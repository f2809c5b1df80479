using System.Runtime.InteropServices;

namespace Esrgan.Engine;

/// <summary>
/// Keeps freed large blocks for reuse by the next allocation of the same size. A network pass allocates the same
/// activation sizes over and over; fresh memory would cost a page fault and a kernel zero-fill per page each time
/// (8% of a training step here when the pool held only 128 MB).
/// Blocks in use plus blocks pooled never exceed the larger of <see cref="CapacityBytes"/> and the most ever in use at
/// once (the high-water mark) plus a slack of half that mark, at most <see cref="MaxSlackBytes"/>: a pass frees into
/// the pool what the next pass allocates again, and an allocation the pool cannot serve first frees pooled blocks to
/// stay within the limit. The slack is there because a pass runs in phases with different block sizes (a network's
/// trunk, dense blocks, then upsampling), so keeping every size a pass needs takes more than its peak: with the peak
/// alone, a 128x128 RRDBNet forward took about 115 MB of fresh, page-faulting memory each time.
/// </summary>
internal static unsafe class NativeMemoryPool
{
    private const nuint MinPooledBytes = 64 * 1024;
    private static readonly Dictionary<nuint, Stack<nint>> Free = new();
    private static long _pooledBytes, _inUseBytes, _highWaterBytes, _freshBlocks;

    /// <summary>The slack, as a fraction of the high-water mark; at most <see cref="MaxSlackBytes"/>.</summary>
    public const double Slack = 0.5;

    /// <summary>The most the limit may exceed the high-water mark.</summary>
    public const long MaxSlackBytes = 512L << 20;

    /// <summary>What the pool may hold even below the high-water mark.</summary>
    public static long CapacityBytes { get; set; } = 128L * 1024 * 1024;

    public static long PooledBytes => Interlocked.Read(ref _pooledBytes);

    public static long InUseBytes => Interlocked.Read(ref _inUseBytes);

    /// <summary>Blocks of pooled sizes the pool could not serve, so they came fresh from the system.</summary>
    public static long FreshBlocks => Interlocked.Read(ref _freshBlocks);

    /// <summary>What blocks in use and pooled may add up to now.</summary>
    public static long LimitBytes
    {
        get { lock (Free) return Limit; }
    }

    public static void* Rent(nuint bytes)
    {
        if (bytes < MinPooledBytes) return NativeMemory.AlignedAlloc(bytes, 64);
        lock (Free)
        {
            _inUseBytes += (long)bytes;
            _highWaterBytes = Math.Max(_highWaterBytes, _inUseBytes);
            if (Free.TryGetValue(bytes, out var stack) && stack.Count > 0)
            {
                _pooledBytes -= (long)bytes;
                return (void*)stack.Pop();
            }
            EvictAbove(Limit - _inUseBytes);
            _freshBlocks++;
        }
        return NativeMemory.AlignedAlloc(bytes, 64);
    }

    public static void Return(void* pointer, nuint bytes)
    {
        if (bytes >= MinPooledBytes)
            lock (Free)
            {
                _inUseBytes -= (long)bytes;
                if (_inUseBytes + _pooledBytes + (long)bytes <= Limit)
                {
                    if (!Free.TryGetValue(bytes, out var stack)) Free[bytes] = stack = new Stack<nint>();
                    stack.Push((nint)pointer);
                    _pooledBytes += (long)bytes;
                    return;
                }
            }
        NativeMemory.AlignedFree(pointer);
    }

    /// <summary>Gives every pooled block back to the system and forgets the high-water mark.</summary>
    public static void Trim()
    {
        lock (Free)
        {
            EvictAbove(0);
            Free.Clear();
            _highWaterBytes = _inUseBytes;
        }
    }

    private static long Limit => Math.Max(CapacityBytes, _highWaterBytes + Math.Min((long)(_highWaterBytes * Slack), MaxSlackBytes));

    /// <summary>Frees pooled blocks (largest sizes first) until the pool holds at most <paramref name="bytes"/>.</summary>
    private static void EvictAbove(long bytes)
    {
        if (_pooledBytes <= bytes) return;
        foreach (var (size, stack) in Free.OrderByDescending(kv => kv.Key))
            while (stack.Count > 0 && _pooledBytes > bytes)
            {
                NativeMemory.AlignedFree((void*)stack.Pop());
                _pooledBytes -= (long)size;
            }
    }
}
