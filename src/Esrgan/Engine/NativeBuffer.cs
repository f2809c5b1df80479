using System.Runtime.InteropServices;

namespace Esrgan.Engine;

/// <summary>
/// 64-byte aligned native float storage with an explicit reference count: every tensor or view holding it
/// adds a reference, and the memory goes back (to <see cref="NativeMemoryPool"/>) when the last one is disposed.
/// A buffer no tensor references any more is freed by its finalizer, so a forgotten Dispose costs memory only until
/// the next collection. That is a safety net, not a way to manage memory: a pointer taken from a tensor is valid
/// only while the tensor is held, so tensors are still disposed where they are made.
/// </summary>
internal sealed unsafe class NativeBuffer
{
    private int _refs = 1;

    public NativeBuffer(long floats, bool zero)
    {
        if (floats < 0) throw new ArgumentOutOfRangeException(nameof(floats));
        Length = floats;
        nuint bytes = (nuint)Math.Max(1, floats) * sizeof(float);
        Pointer = (float*)NativeMemoryPool.Rent(bytes);
        if (Pointer == null) throw new OutOfMemoryException($"cannot allocate {bytes} bytes of native memory");
        if (zero) NativeMemory.Clear(Pointer, bytes);
        _createdOnThread++;
        long live = Interlocked.Add(ref _liveBytes, (long)bytes);
        long peak;
        while (live > (peak = Interlocked.Read(ref _peakBytes)) && Interlocked.CompareExchange(ref _peakBytes, live, peak) != peak) { }
    }

    private static long _liveBytes;
    [ThreadStatic] private static long _createdOnThread;
    private static long _peakBytes;

    /// <summary>The most <see cref="LiveBytes"/> reached since the last <see cref="ResetPeak"/>.</summary>
    public static long PeakBytes => Interlocked.Read(ref _peakBytes);

    public static void ResetPeak() => Interlocked.Exchange(ref _peakBytes, LiveBytes);

    /// <summary>
    /// Buffers made so far on the calling thread (pooled or not), like GC.GetAllocatedBytesForCurrentThread: what a
    /// steady-state loop should no longer increase.
    /// </summary>
    public static long CreatedOnThread => _createdOnThread;

    /// <summary>Native bytes currently allocated by all buffers (for memory tests and budgets).</summary>
    public static long LiveBytes => Interlocked.Read(ref _liveBytes);

    public float* Pointer { get; private set; }
    public long Length { get; }

    public void AddRef()
    {
        if (Interlocked.Increment(ref _refs) <= 1) throw new ObjectDisposedException(nameof(NativeBuffer));
    }

    public void Release()
    {
        int left = Interlocked.Decrement(ref _refs);
        if (left > 0) return;
        if (left < 0) throw new ObjectDisposedException(nameof(NativeBuffer), "released more often than referenced");
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>Unreachable, so no tensor can read the memory any more.</summary>
    ~NativeBuffer() => Free();

    private void Free()
    {
        if (Pointer == null) return;
        long bytes = Math.Max(1, Length) * sizeof(float);
        NativeMemoryPool.Return(Pointer, (nuint)bytes);
        Pointer = null;
        Interlocked.Add(ref _liveBytes, -bytes);
    }
}
