using Esrgan.Imaging;

namespace Esrgan;

/// <summary>
/// An image in memory: interleaved pixels (grey, grey+alpha, RGB or RGBA) held as floats in [0, 1], with the bit
/// depth a saved PNG keeps (8 or 16) and the file's ICC profile. Read from a file with <see cref="Load"/> or made
/// from pixels with one of the <c>FromPixels</c> overloads; <see cref="Save"/> writes PNG, JPEG or WebP.
/// </summary>
public sealed class ImageBuffer : IDisposable
{
    private Image? _image;

    internal ImageBuffer(Image image) => _image = image;

    internal Image Image => _image ?? throw new ObjectDisposedException(nameof(ImageBuffer));

    /// <summary>Width in pixels.</summary>
    public int Width => Image.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => Image.Height;

    /// <summary>Samples per pixel: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA.</summary>
    public int Channels => Image.Channels;

    /// <summary>8 or 16: the depth of the source, which a saved PNG keeps (JPEG and WebP are always 8-bit).</summary>
    public int BitDepth => Image.BitDepth;

    /// <summary>Whether the last channel is alpha (2 or 4 channels).</summary>
    public bool HasAlpha => Image.HasAlpha;

    /// <summary>
    /// Reads a PNG (8 or 16 bits), JPEG or WebP file, recognised by its content. JPEG pixels are turned upright by the
    /// EXIF orientation; ICC profiles are kept for saving.
    /// </summary>
    /// <exception cref="ImageFileException">The file is missing, unreadable, corrupt or too large.</exception>
    public static ImageBuffer Load(string path) => new(ImageCodec.Read(path));

    /// <summary>An 8-bit image from interleaved samples (0-255), <paramref name="channels"/> per pixel, rows top to bottom.</summary>
    /// <param name="pixels">width * height * channels samples.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="channels">1 grey, 2 grey+alpha, 3 RGB or 4 RGBA.</param>
    public static ImageBuffer FromPixels(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        var values = Allocate(pixels.Length, width, height, channels);
        SampleConversion.FromBytes(pixels, values);
        return new(new Image(width, height, channels, 8, values));
    }

    /// <summary>A 16-bit image from interleaved samples (0-65535).</summary>
    /// <inheritdoc cref="FromPixels(ReadOnlySpan{byte}, int, int, int)" path="/param"/>
    public static ImageBuffer FromPixels(ReadOnlySpan<ushort> pixels, int width, int height, int channels)
    {
        var values = Allocate(pixels.Length, width, height, channels);
        SampleConversion.FromUInt16(pixels, values);
        return new(new Image(width, height, channels, 16, values));
    }

    /// <summary>
    /// An image from interleaved float samples in [0, 1] (values outside are clamped when saved). It is saved as
    /// 16-bit PNG unless <paramref name="bitDepth"/> says 8.
    /// </summary>
    /// <param name="pixels">width * height * channels samples.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="channels">1 grey, 2 grey+alpha, 3 RGB or 4 RGBA.</param>
    /// <param name="bitDepth">8 or 16: the depth a saved PNG gets.</param>
    public static ImageBuffer FromPixels(ReadOnlySpan<float> pixels, int width, int height, int channels, int bitDepth = 16)
    {
        var values = Allocate(pixels.Length, width, height, channels);
        pixels.CopyTo(values);
        return new(new Image(width, height, channels, bitDepth, values));
    }

    /// <summary>The samples as floats in [0, 1], interleaved, rows top to bottom.</summary>
    public ReadOnlySpan<float> Pixels => Image.Pixels;

    /// <summary>The samples rounded to 8 bits.</summary>
    public byte[] ToBytes()
    {
        var result = new byte[Image.Pixels.Length];
        SampleConversion.ToBytes(Image.Pixels, result);
        return result;
    }

    /// <summary>The samples rounded to 16 bits.</summary>
    public ushort[] ToUInt16()
    {
        var result = new ushort[Image.Pixels.Length];
        SampleConversion.ToUInt16(Image.Pixels, result);
        return result;
    }

    /// <summary>
    /// Writes the image atomically (a temporary file renamed into place), in the format of the options or of the
    /// extension (.png, .jpg/.jpeg, .webp). PNG keeps <see cref="BitDepth"/>; JPEG drops alpha.
    /// </summary>
    /// <exception cref="ImageFileException">The extension is unknown or the file cannot be written.</exception>
    public void Save(string path, ImageSaveOptions? options = null) => ImageCodec.Write(path, Image, options);

    /// <summary>Releases the pixels; the buffer cannot be used afterwards.</summary>
    public void Dispose() => _image = null;

    private static float[] Allocate(int length, int width, int height, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 to 4");
        long needed = (long)width * height * channels;
        if (length != needed)
            throw new ArgumentException($"{length} samples given, {width}x{height}x{channels} needs {needed}", "pixels");
        return new float[needed];
    }
}
