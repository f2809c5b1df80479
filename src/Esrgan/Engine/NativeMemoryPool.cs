using System.Runtime.InteropServices;

namespace Esrgan.Engine;

/// <summary>
/// Keeps freed large blocks for reuse by the next allocation of the same size. A network pass allocates the same
/// activation sizes over and over; fresh memory would cost a page fault and a kernel zero-fill per page each time.
/// The pool holds at most <see cref="CapacityBytes"/>; beyond that blocks go back to the system.
/// </summary>
internal static unsafe class NativeMemoryPool
{
    private const nuint MinPooledBytes = 64 * 1024;
    private static readonly Dictionary<nuint, Stack<nint>> Free = new();
    private static long _pooledBytes;

    public static long CapacityBytes { get; set; } = 128L * 1024 * 1024;

    public static long PooledBytes => Interlocked.Read(ref _pooledBytes);

    public static void* Rent(nuint bytes)
    {
        if (bytes >= MinPooledBytes)
            lock (Free)
                if (Free.TryGetValue(bytes, out var stack) && stack.Count > 0)
                {
                    _pooledBytes -= (long)bytes;
                    return (void*)stack.Pop();
                }
        return NativeMemory.AlignedAlloc(bytes, 64);
    }

    public static void Return(void* pointer, nuint bytes)
    {
        if (bytes >= MinPooledBytes)
            lock (Free)
                if (_pooledBytes + (long)bytes <= CapacityBytes)
                {
                    if (!Free.TryGetValue(bytes, out var stack)) Free[bytes] = stack = new Stack<nint>();
                    stack.Push((nint)pointer);
                    _pooledBytes += (long)bytes;
                    return;
                }
        NativeMemory.AlignedFree(pointer);
    }

    /// <summary>Gives every pooled block back to the system.</summary>
    public static void Trim()
    {
        lock (Free)
        {
            foreach (var stack in Free.Values)
                while (stack.Count > 0) NativeMemory.AlignedFree((void*)stack.Pop());
            Free.Clear();
            _pooledBytes = 0;
        }
    }
}
