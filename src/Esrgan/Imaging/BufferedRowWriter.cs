using System.Runtime.InteropServices;
using Esrgan.IO;

namespace Esrgan.Imaging;

/// <summary>
/// Row writer for encoders that need the whole image at once (TurboJPEG, libwebp's simple API): rows are kept as
/// 8-bit samples in native memory (width x height x stored channels bytes, a quarter of the float image) and encoded
/// on <see cref="Commit"/>. The temporary output file is created up front so an unwritable target fails early.
/// </summary>
internal abstract unsafe class BufferedRowWriter : IImageRowWriter
{
    private readonly int _width, _height, _channels;
    private readonly AtomicFile _file;
    private byte* _pixels;

    protected BufferedRowWriter(string path, int width, int height, int channels, int storedChannels)
    {
        (Path, _width, _height, _channels, StoredChannels) = (path, width, height, channels, storedChannels);
        _pixels = (byte*)NativeMemory.Alloc((nuint)width * (nuint)height * (nuint)storedChannels);
        try
        {
            _file = AtomicFile.Create(path);
        }
        catch
        {
            NativeMemory.Free(_pixels);
            throw;
        }
    }

    protected string Path { get; }
    protected int StoredChannels { get; }
    public int RowsWritten { get; private set; }

    public void WriteRows(ReadOnlySpan<float> rowsHwc, int rowCount)
    {
        int rowSamples = _width * _channels;
        int storedRow = _width * StoredChannels;
        RowWriterChecks.Rows(Path, rowsHwc, rowCount, rowSamples, RowsWritten, _height);
        ObjectDisposedException.ThrowIf(_pixels == null, this);
        for (int r = 0; r < rowCount; r++, RowsWritten++)
        {
            var destination = new Span<byte>(_pixels + (nuint)RowsWritten * (nuint)storedRow, storedRow);
            SampleConversion.ToBytes(rowsHwc.Slice(r * rowSamples, rowSamples), _channels, destination, StoredChannels);
        }
    }

    public void Commit()
    {
        RowWriterChecks.Complete(Path, RowsWritten, _height);
        ObjectDisposedException.ThrowIf(_pixels == null, this);
        FileErrors.Guard(Path, "write", () =>
        {
            Encode(_pixels, _width, _height, _file.Stream);
            _file.Commit();
        });
    }

    /// <summary>Encodes the whole 8-bit image (rows of width x <see cref="StoredChannels"/> bytes) into the output.</summary>
    protected abstract void Encode(byte* pixels, int width, int height, Stream output);

    public void Dispose()
    {
        _file.Dispose();
        NativeMemory.Free(_pixels);
        _pixels = null;
    }
}
