using System.Runtime.InteropServices;

namespace Esrgan.Native;

/// <summary>
/// Connects a libspng context to a .NET stream. Exceptions cannot cross the native frames, so the callback
/// records one and reports an I/O error; the caller rethrows it after the libspng call returns.
/// </summary>
internal sealed unsafe class SpngStream : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _writing;
    private GCHandle _handle;

    public SpngStream(nint ctx, Stream stream, bool writing)
    {
        _stream = stream;
        _writing = writing;
        _handle = GCHandle.Alloc(this);
        int err = SpngNative.SetPngStream(ctx, &ReadOrWrite, GCHandle.ToIntPtr(_handle));
        if (err != 0)
        {
            _handle.Free();
            throw new IOException($"libspng: {SpngNative.Message(err)}");
        }
    }

    public Exception? Failure { get; private set; }

    [UnmanagedCallersOnly]
    private static int ReadOrWrite(nint ctx, nint user, byte* data, nuint length)
    {
        var self = (SpngStream)GCHandle.FromIntPtr(user).Target!;
        try
        {
            var span = new Span<byte>(data, checked((int)length));
            if (self._writing)
            {
                self._stream.Write(span);
                return 0;
            }
            return self.ReadExactly(span) ? 0 : SpngNative.IoEof;
        }
        catch (Exception e)
        {
            self.Failure = e;
            return SpngNative.IoError;
        }
    }

    private bool ReadExactly(Span<byte> span)
    {
        int read = _stream.ReadAtLeast(span, span.Length, throwOnEndOfStream: false);
        return read == span.Length;
    }

    public void Dispose()
    {
        if (_handle.IsAllocated) _handle.Free();
    }
}
