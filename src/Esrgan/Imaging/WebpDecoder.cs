using Esrgan.Native;

namespace Esrgan.Imaging;

/// <summary>Decodes still WebP images (lossy or lossless) to 8-bit RGB, or RGBA when the file has alpha, applying the EXIF orientation.</summary>
internal static unsafe class WebpDecoder
{
    /// <summary>Header facts; <paramref name="head"/> may be only the start of the file.</summary>
    /// <returns>False when <paramref name="head"/> is too short to tell.</returns>
    /// <param name="whole">Whether <paramref name="head"/> is the whole file; if not, an EXIF chunk past it asks for more.</param>
    public static bool TryReadInfo(string path, ReadOnlySpan<byte> head, bool whole, LoadLimits limits, out ImageInfo info)
    {
        WebpNative.Library.EnsureLoaded();
        int status = WebpNative.GetFeatures(head, out var features);
        info = null!;
        if (status == WebpNative.StatusNotEnoughData) return false;
        Validate(path, status, features, limits);
        var exif = WebpContainer.DeclaresExif(head) ? WebpContainer.ReadMetadata(head).Exif : null;
        if (exif == null && !whole && WebpContainer.DeclaresExif(head)) return false;
        bool swap = exif != null && ExifBlock.Orientation(exif) >= 5;
        info = new ImageInfo(swap ? features.Height : features.Width, swap ? features.Width : features.Height,
            features.HasAlpha != 0 ? 4 : 3, 8, ImageFormat.Webp);
        return true;
    }

    public static Image Decode(string path, byte[] webp, LoadLimits limits)
    {
        WebpNative.Library.EnsureLoaded();
        int status = WebpNative.GetFeatures(webp, out var features);
        if (status == WebpNative.StatusNotEnoughData) throw new ImageFileException(path, "truncated WebP file");
        Validate(path, status, features, limits);
        int channels = features.HasAlpha != 0 ? 4 : 3;
        var (icc, exif) = WebpContainer.ReadMetadata(webp);
        int orientation = exif == null ? 1 : ExifBlock.Orientation(exif);
        ImageLimits.CheckDecodedBytes(path, "WebP", features.Width, features.Height,
            WholeDecodeBytes(features, channels, orientation, webp.Length), limits);
        int stride = features.Width * channels;
        var buffer = new byte[(long)stride * features.Height];
        fixed (byte* src = webp)
        fixed (byte* dst = buffer)
        {
            byte* result = channels == 4
                ? WebpNative.DecodeRgbaInto(src, (nuint)webp.Length, dst, (nuint)buffer.Length, stride)
                : WebpNative.DecodeRgbInto(src, (nuint)webp.Length, dst, (nuint)buffer.Length, stride);
            if (result == null) throw new ImageFileException(path, "invalid or truncated WebP data");
        }
        var pixels = new float[buffer.Length];
        SampleConversion.FromBytes(buffer, pixels);
        var image = new Image(features.Width, features.Height, channels, 8, pixels, icc, exif);
        return ExifOrientation.Apply(image, orientation);
    }

    /// <summary>
    /// What <see cref="Decode"/> holds at once: the file, the 8-bit samples, libwebp's own plane (a lossless image
    /// is decoded whole as 32-bit ARGB; lossy alpha as one byte per pixel) and the float pixels.
    /// </summary>
    private static long WholeDecodeBytes(in WebpNative.BitstreamFeatures features, int channels, int orientation, long fileBytes)
    {
        long pixels = (long)features.Width * features.Height;
        long plane = features.Format == WebpNative.FormatLossless ? 4 * pixels : features.HasAlpha != 0 ? pixels : 0;
        return fileBytes + pixels * channels + plane + ImageLimits.FloatBytes(features.Width, features.Height, channels, orientation);
    }

    private static void Validate(string path, int status, in WebpNative.BitstreamFeatures features, LoadLimits limits)
    {
        if (status != WebpNative.StatusOk) throw new ImageFileException(path, $"invalid WebP header (libwebp status {status})");
        if (features.HasAnimation != 0) throw new ImageFileException(path, "animated WebP is not supported");
        if (features.Width < 1 || features.Height < 1) throw new ImageFileException(path, "invalid WebP size");
        ImageLimits.CheckPixels(path, "WebP", features.Width, features.Height, limits);
    }
}
