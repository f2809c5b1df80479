using System.Runtime.InteropServices;
using Esrgan.IO;
using Esrgan.Native;

namespace Esrgan.Imaging;

/// <summary>Encodes PNG row by row with libspng's progressive encoder straight into an atomic file.</summary>
internal sealed unsafe class PngRowWriter : IImageRowWriter
{
    private readonly string _path;
    private readonly int _width, _height, _channels, _bitDepth;
    private readonly AtomicFile _file;
    private nint _ctx;
    private readonly SpngStream? _stream;
    private readonly byte[] _row;
    private byte* _iccProfile;
    private byte* _exif;

    public PngRowWriter(string path, int width, int height, int channels, int bitDepth, int compressionLevel, OutputMetadata metadata)
    {
        SpngNative.Library.EnsureLoaded();
        (_path, _width, _height, _channels, _bitDepth) = (path, width, height, channels, bitDepth);
        _row = new byte[checked(width * channels * (bitDepth / 8))];
        _file = AtomicFile.Create(path);
        try
        {
            _ctx = SpngNative.CtxNew(SpngNative.CtxEncoder);
            if (_ctx == 0) throw new OutOfMemoryException("libspng: cannot create an encoder");
            _stream = new SpngStream(_ctx, _file.Stream, writing: true);
            var ihdr = new SpngNative.Ihdr
            {
                Width = (uint)width,
                Height = (uint)height,
                BitDepth = (byte)bitDepth,
                ColorType = channels switch
                {
                    1 => SpngNative.ColorGray,
                    2 => SpngNative.ColorGrayAlpha,
                    3 => SpngNative.ColorRgb,
                    _ => SpngNative.ColorRgba,
                },
            };
            Check(SpngNative.SetIhdr(_ctx, &ihdr));
            Check(SpngNative.SetOption(_ctx, SpngNative.OptionImageCompressionLevel, compressionLevel));
            if (metadata.IccProfile != null) SetIccProfile(metadata.IccProfile);
            if (metadata.Exif != null) SetExif(metadata.Exif);
            Check(SpngNative.EncodeImage(_ctx, null, 0, SpngNative.FmtPng,
                SpngNative.EncodeProgressive | SpngNative.EncodeFinalize));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int RowsWritten { get; private set; }

    public void WriteRows(ReadOnlySpan<float> rowsHwc, int rowCount)
    {
        int rowSamples = _width * _channels;
        RowWriterChecks.Rows(_path, rowsHwc, rowCount, rowSamples, RowsWritten, _height);
        fixed (byte* row = _row)
        {
            for (int r = 0; r < rowCount; r++)
            {
                var samples = rowsHwc.Slice(r * rowSamples, rowSamples);
                if (_bitDepth == 16) SampleConversion.ToUInt16(samples, new Span<ushort>(row, rowSamples));
                else SampleConversion.ToBytes(samples, _row);
                int err = SpngNative.EncodeRow(_ctx, row, (nuint)_row.Length);
                RowsWritten++;
                // The last row reports "end of image" once libspng has written the closing chunks.
                if (err != SpngNative.Eoi || RowsWritten != _height) Check(err);
            }
        }
    }

    public void Commit()
    {
        RowWriterChecks.Complete(_path, RowsWritten, _height);
        FileErrors.Guard(_path, "write", _file.Commit);
    }

    // libspng keeps the caller's pointers until it writes the header, so the copies live in native memory.
    private static byte* NativeCopy(byte[] bytes)
    {
        var copy = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
        bytes.CopyTo(new Span<byte>(copy, bytes.Length));
        return copy;
    }

    private void SetExif(byte[] tiff)
    {
        _exif = NativeCopy(tiff);
        var exif = new SpngNative.Exif { Length = (nuint)tiff.Length, Data = _exif };
        Check(SpngNative.SetExif(_ctx, &exif));
    }

    private void SetIccProfile(byte[] profile)
    {
        _iccProfile = NativeCopy(profile);
        var iccp = new SpngNative.Iccp { ProfileLen = (nuint)profile.Length, Profile = _iccProfile };
        "ICC Profile"u8.CopyTo(new Span<byte>(iccp.ProfileName, 80));
        Check(SpngNative.SetIccp(_ctx, &iccp));
    }

    private void Check(int err)
    {
        if (_stream?.Failure is { } failure) throw new ImageFileException(_path, $"cannot write: {failure.Message}", failure);
        if (err != 0) throw new ImageFileException(_path, $"PNG encoding failed: {SpngNative.Message(err)}");
    }

    public void Dispose()
    {
        if (_ctx != 0) SpngNative.CtxFree(_ctx);
        _ctx = 0;
        _stream?.Dispose();
        _file.Dispose();
        NativeMemory.Free(_iccProfile);
        _iccProfile = null;
        NativeMemory.Free(_exif);
        _exif = null;
    }
}
