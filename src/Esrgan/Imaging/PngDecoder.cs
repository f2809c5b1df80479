using Esrgan.Native;

namespace Esrgan.Imaging;

/// <summary>
/// Decodes PNG through libspng without gamma correction, so samples are the stored values.
/// 8/16-bit gray, GA, RGB and RGBA keep their layout; palette and low-bit gray expand to 8 bits;
/// a tRNS chunk becomes an alpha channel (gray to GA, RGB and palette to RGBA).
/// </summary>
internal sealed unsafe class PngDecoder : IDisposable
{
    private const nuint MaxChunkBytes = 64 << 20;

    private readonly string _path;
    private nint _ctx;
    private readonly SpngStream? _stream;
    private readonly int _format;
    private readonly LoadLimits _limits;
    private byte[]? _row;

    /// <param name="rows">Whether the image may be read row by row (<see cref="StartRows"/>): then the header is not
    /// held to <see cref="LoadLimits.MaxImagePixels"/> here, only <see cref="Decode"/> holds it to that.</param>
    public PngDecoder(string path, Stream file, LoadLimits limits, bool rows = false)
    {
        SpngNative.Library.EnsureLoaded();
        _path = path;
        _limits = limits;
        _ctx = SpngNative.CtxNew(0);
        if (_ctx == 0) throw new OutOfMemoryException("libspng: cannot create a decoder");
        try
        {
            // Bounds what a hostile ancillary chunk (a huge compressed iCCP or text) may make libspng allocate.
            Check(SpngNative.SetChunkLimits(_ctx, MaxChunkBytes, 2 * MaxChunkBytes));
            long pngStart = file.CanSeek ? file.Position : -1;
            _stream = new SpngStream(_ctx, file, writing: false);
            SpngNative.Ihdr ihdr;
            int header = SpngNative.GetIhdr(_ctx, &ihdr);
            if (header != 0 && header != SpngNative.IoEof && _stream.Failure == null)
                throw new ImageFileException(path, $"invalid PNG header ({HeaderFields(file, pngStart)}): {SpngNative.Message(header)}");
            Check(header);
            SpngNative.Trns trns;
            int trnsResult = SpngNative.GetTrns(_ctx, &trns);
            if (trnsResult != SpngNative.EChunkAvail) Check(trnsResult);
            (Channels, BitDepth, _format) = Layout(ihdr, hasTrns: trnsResult == 0);
            if (Channels == 0) throw new ImageFileException(path, $"unsupported PNG color type {ihdr.ColorType}");
            Interlaced = ihdr.InterlaceMethod != 0;
            if (!rows) ImageLimits.CheckPixels(path, "PNG", ihdr.Width, ihdr.Height, limits);
            ImageLimits.CheckPng(path, ihdr.Width, ihdr.Height, SamplesInFile(ihdr.ColorType), ihdr.BitDepth, file.Length);
            Width = (int)ihdr.Width;
            Height = (int)ihdr.Height;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }
    public int BitDepth { get; }
    public bool Interlaced { get; }

    /// <summary>Whether <see cref="Decode"/> is within the pixel limit and the decoded-bytes budget.</summary>
    public bool FitsWhole(byte[]? exif) =>
        (long)Width * Height <= _limits.MaxImagePixels && WholeDecodeBytes(exif) <= _limits.DecodedImageBytesLimit();

    /// <summary>What <see cref="Decode"/> holds at once: libspng's samples and the float pixels (twice when turned).</summary>
    private long WholeDecodeBytes(byte[]? exif) => (long)Width * Height * Channels * (BitDepth / 8)
        + ImageLimits.FloatBytes(Width, Height, Channels, exif == null ? 1 : ExifBlock.Orientation(exif));

    /// <summary>Refuses a whole decode over the pixel limit or the decoded-bytes budget.</summary>
    public void CheckWhole(byte[]? exif)
    {
        ImageLimits.CheckPixels(_path, "PNG", Width, Height, _limits);
        ImageLimits.CheckDecodedBytes(_path, "PNG", Width, Height, WholeDecodeBytes(exif), _limits);
    }

    /// <summary>The eXIf chunk before the image data; a malformed or oversized one is ignored.</summary>
    public byte[]? ReadExif()
    {
        SpngNative.Exif exif;
        if (SpngNative.GetExif(_ctx, &exif) != 0 || exif.Data == null || exif.Length > ExifBlock.MaxBytes) return null;
        return ExifBlock.Keep(new ReadOnlySpan<byte>(exif.Data, (int)exif.Length));
    }

    /// <summary>Width and height once the EXIF orientation is applied.</summary>
    public (int Width, int Height) OrientedSize(byte[]? exif) =>
        exif != null && ExifBlock.Orientation(exif) >= 5 ? (Height, Width) : (Width, Height);

    public byte[]? ReadIccProfile()
    {
        SpngNative.Iccp iccp;
        int err = SpngNative.GetIccp(_ctx, &iccp);
        if (err == SpngNative.EChunkAvail) return null;
        Check(err);
        return new ReadOnlySpan<byte>(iccp.Profile, checked((int)iccp.ProfileLen)).ToArray();
    }

    public Image Decode()
    {
        byte[]? exif = ReadExif();
        CheckWhole(exif);
        byte[]? icc = ReadIccProfile();
        long samples = (long)Width * Height * Channels;
        if (samples > Array.MaxLength) throw new ImageFileException(_path, $"{Width}x{Height}x{Channels} is too large to load");
        var pixels = new float[samples];
        nuint size;
        Check(SpngNative.DecodedImageSize(_ctx, _format, &size));
        if (size != (nuint)(samples * (BitDepth / 8))) throw new ImageFileException(_path, $"unexpected decoded PNG size {size}");
        int flags = DecodeFlags;
        if (BitDepth == 16)
        {
            var buffer = new ushort[samples];
            fixed (ushort* p = buffer) Check(SpngNative.DecodeImage(_ctx, p, size, _format, flags));
            SampleConversion.FromUInt16(buffer, pixels);
        }
        else
        {
            var buffer = new byte[samples];
            fixed (byte* p = buffer) Check(SpngNative.DecodeImage(_ctx, p, size, _format, flags));
            SampleConversion.FromBytes(buffer, pixels);
        }
        var image = new Image(Width, Height, Channels, BitDepth, pixels, icc, exif);
        return exif == null ? image : ExifOrientation.Apply(image, ExifBlock.Orientation(exif));
    }

    private int DecodeFlags => _format is SpngNative.FmtRgba8 or SpngNative.FmtRgba16 or SpngNative.FmtGa8 or SpngNative.FmtGa16
        ? SpngNative.DecodeTrns : 0;

    /// <summary>
    /// Starts a progressive decode: <see cref="ReadRow"/> then returns the rows top to bottom, with the same samples
    /// as <see cref="Decode"/> (no EXIF orientation is applied). Needs a non-interlaced image.
    /// </summary>
    public void StartRows()
    {
        if (Interlaced) throw new InvalidOperationException("an interlaced PNG cannot be read row by row");
        _row = new byte[checked(Width * Channels * (BitDepth / 8))];
        Check(SpngNative.DecodeImage(_ctx, null, 0, _format, DecodeFlags | SpngNative.DecodeProgressive));
    }

    public int RowsRead { get; private set; }

    /// <summary>The next row as interleaved floats in [0,1] (<see cref="Width"/> x <see cref="Channels"/> samples).</summary>
    public void ReadRow(Span<float> destination)
    {
        if (_row == null) throw new InvalidOperationException("StartRows first");
        if (RowsRead >= Height) throw new InvalidOperationException("every row was read");
        fixed (byte* row = _row)
        {
            int err = SpngNative.DecodeRow(_ctx, row, (nuint)_row.Length);
            RowsRead++;
            // The last row reports "end of image" once libspng has decoded it.
            if (err != SpngNative.Eoi || RowsRead != Height) Check(err);
            if (BitDepth == 16) SampleConversion.FromUInt16(new ReadOnlySpan<ushort>(row, _row.Length / 2), destination);
            else SampleConversion.FromBytes(_row, destination);
        }
    }

    private static int SamplesInFile(byte colorType) => colorType switch
    {
        SpngNative.ColorRgb => 3,
        SpngNative.ColorGrayAlpha => 2,
        SpngNative.ColorRgba => 4,
        _ => 1,
    };

    private static (int Channels, int BitDepth, int Format) Layout(SpngNative.Ihdr ihdr, bool hasTrns)
    {
        bool wide = ihdr.BitDepth == 16;
        return ihdr.ColorType switch
        {
            SpngNative.ColorIndexed => hasTrns ? (4, 8, SpngNative.FmtRgba8) : (3, 8, SpngNative.FmtRgb8),
            SpngNative.ColorGray when hasTrns => wide ? (2, 16, SpngNative.FmtGa16) : (2, 8, SpngNative.FmtGa8),
            SpngNative.ColorRgb when hasTrns => wide ? (4, 16, SpngNative.FmtRgba16) : (4, 8, SpngNative.FmtRgba8),
            SpngNative.ColorGray => wide ? (1, 16, SpngNative.FmtPng) : (1, 8, SpngNative.FmtG8),
            SpngNative.ColorGrayAlpha => (2, ihdr.BitDepth, SpngNative.FmtPng),
            SpngNative.ColorRgb => (3, ihdr.BitDepth, SpngNative.FmtPng),
            SpngNative.ColorRgba => (4, ihdr.BitDepth, SpngNative.FmtPng),
            _ => (0, 0, 0),
        };
    }

    /// <summary>
    /// What the file's first chunk claims, read from its bytes (libspng keeps no fields of a header it refuses), so
    /// that the message names the values at fault.
    /// </summary>
    /// <param name="pngStart">Where the PNG starts in <paramref name="file"/>; -1 where it cannot be read again.</param>
    private static string HeaderFields(Stream file, long pngStart)
    {
        Span<byte> start = stackalloc byte[8 + 8 + 13];
        try
        {
            if (pngStart < 0) return "IHDR";
            file.Position = pngStart;
            file.ReadExactly(start);
        }
        catch (Exception e) when (e is IOException or NotSupportedException)
        {
            return "IHDR";
        }
        if (!start[12..16].SequenceEqual("IHDR"u8)) return "the first chunk is not IHDR";
        uint width = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(start[16..]);
        uint height = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(start[20..]);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"IHDR {width:N0} x {height:N0}, bit depth {start[24]}, color type {start[25]}");
    }

    private void Check(int err)
    {
        if (_stream?.Failure is { } failure) throw new ImageFileException(_path, $"cannot read: {failure.Message}", failure);
        if (err == SpngNative.IoEof) throw new ImageFileException(_path, "truncated PNG file");
        if (err != 0) throw new ImageFileException(_path, $"invalid PNG: {SpngNative.Message(err)}");
    }

    public void Dispose()
    {
        if (_ctx != 0) SpngNative.CtxFree(_ctx);
        _ctx = 0;
        _stream?.Dispose();
    }
}
