namespace Esrgan.Imaging;

/// <summary>A decoded image: interleaved HWC float pixels in [0,1], plus what the output file should keep.</summary>
internal sealed class Image : IImageRows
{
    public Image(int width, int height, int channels, int bitDepth, float[] pixels, byte[]? iccProfile = null, byte[]? exif = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 to 4");
        if (bitDepth is not (8 or 16)) throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, "bit depth must be 8 or 16");
        ArgumentNullException.ThrowIfNull(pixels);
        long length = (long)width * height * channels;
        if (pixels.LongLength != length)
            throw new ArgumentException($"pixel array has {pixels.LongLength} values, {width}x{height}x{channels} needs {length}", nameof(pixels));
        Width = width;
        Height = height;
        Channels = channels;
        BitDepth = bitDepth;
        Pixels = pixels;
        IccProfile = iccProfile;
        Exif = exif;
    }

    public int Width { get; }
    public int Height { get; }
    /// <summary>1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.</summary>
    public int Channels { get; }
    /// <summary>8 or 16: the depth of the source file, kept for the output.</summary>
    public int BitDepth { get; }
    public float[] Pixels { get; }
    public byte[]? IccProfile { get; set; }
    /// <summary>The source's EXIF as a TIFF structure (no "Exif\0\0" prefix); written back by <see cref="ExifBlock.ForOutput"/>.</summary>
    public byte[]? Exif { get; set; }
    public bool HasAlpha => Channels is 2 or 4;

    /// <summary>Every row is held: any band is the whole pixel array.</summary>
    public RowBand Band(int first, int end) => new(Pixels, 0);
}
