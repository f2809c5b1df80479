using Esrgan.Native;

namespace Esrgan.Imaging;

/// <summary>Decodes JPEG with TurboJPEG to gray or RGB (CMYK converted), then applies the EXIF orientation.</summary>
internal static unsafe class JpegDecoder
{
    public static Image Decode(string path, byte[] jpeg, LoadLimits limits)
    {
        TurboJpegNative.Library.EnsureLoaded();
        var meta = ParseMetadata(path, new MemoryStream(jpeg, writable: false), limits, jpeg.Length);
        ImageLimits.CheckDecodedBytes(path, "JPEG", meta.Width, meta.Height, WholeDecodeBytes(meta, jpeg.Length), limits);
        nint handle = TurboJpegNative.InitDecompress();
        if (handle == 0) throw new OutOfMemoryException("TurboJPEG: cannot create a decompressor");
        try
        {
            int width, height, subsamp, colorspace;
            fixed (byte* src = jpeg)
            {
                if (TurboJpegNative.DecompressHeader3(handle, src, (nuint)jpeg.Length, &width, &height, &subsamp, &colorspace) != 0)
                    throw new ImageFileException(path, $"invalid JPEG: {TurboJpegNative.Message(handle)}");
                if (width != meta.Width || height != meta.Height) throw new ImageFileException(path, "invalid JPEG: two frame headers");
                (int pixelFormat, int stored) = colorspace switch
                {
                    TurboJpegNative.ColorspaceGray => (TurboJpegNative.PixelGray, 1),
                    TurboJpegNative.ColorspaceCmyk or TurboJpegNative.ColorspaceYcck => (TurboJpegNative.PixelCmyk, 4),
                    _ => (TurboJpegNative.PixelRgb, 3),
                };
                long size = (long)width * height * stored;
                if (size > Array.MaxLength) throw new ImageFileException(path, $"{width}x{height} JPEG is too large to load");
                var buffer = new byte[size];
                fixed (byte* dst = buffer)
                {
                    // TurboJPEG 2.1 fails on warnings too (such as a truncated scan): better than a silently gray-filled image.
                    // Limiting scans stops progressive files crafted with endless scans.
                    if (TurboJpegNative.Decompress2(handle, src, (nuint)jpeg.Length, dst, width, width * stored, height,
                            pixelFormat, TurboJpegNative.FlagAccurateDct | TurboJpegNative.FlagLimitScans) != 0)
                        throw new ImageFileException(path, $"invalid JPEG: {TurboJpegNative.Message(handle)}");
                }
                int channels = stored == 1 ? 1 : 3;
                var pixels = new float[(long)width * height * channels];
                if (stored == 4) CmykToRgb(buffer, pixels, meta.HasAdobeMarker);
                else SampleConversion.FromBytes(buffer, pixels);
                return ExifOrientation.Apply(new Image(width, height, channels, 8, pixels, meta.IccProfile, meta.Exif), meta.Orientation);
            }
        }
        finally
        {
            TurboJpegNative.Destroy(handle);
        }
    }

    /// <summary>The header segments, after checking the frame size against the limits and the file's size.</summary>
    public static JpegMetadata ParseMetadata(string path, Stream jpeg, LoadLimits limits, long fileBytes)
    {
        try
        {
            var meta = JpegMetadata.Parse(jpeg);
            ImageLimits.CheckPixels(path, "JPEG", meta.Width, meta.Height, limits);
            if (!meta.Arithmetic) ImageLimits.CheckHuffmanJpeg(path, meta.Width, meta.Height, fileBytes);
            return meta;
        }
        catch (InvalidDataException e)
        {
            throw new ImageFileException(path, $"invalid JPEG: {e.Message}", e);
        }
    }

    /// <summary>
    /// What <see cref="Decode"/> holds at once: the file, TurboJPEG's samples (and, for several scans, the
    /// coefficients: at most two bytes per pixel and component), and the float pixels.
    /// </summary>
    private static long WholeDecodeBytes(JpegMetadata meta, long fileBytes)
    {
        long pixels = (long)meta.Width * meta.Height;
        int stored = meta.Components switch { 1 => 1, 4 => 4, _ => 3 };
        long coefficients = meta.MultiScan ? pixels * meta.Components * 2 : 0;
        return fileBytes + pixels * stored + coefficients
            + ImageLimits.FloatBytes(meta.Width, meta.Height, meta.Components == 1 ? 1 : 3, meta.Orientation);
    }

    // Adobe (Photoshop) CMYK JPEGs store inverted values; plain ones store ink amounts.
    private static void CmykToRgb(ReadOnlySpan<byte> cmyk, Span<float> rgb, bool inverted)
    {
        for (int s = 0, d = 0; s < cmyk.Length; s += 4, d += 3)
        {
            float k = Ink(cmyk[s + 3], inverted);
            for (int i = 0; i < 3; i++) rgb[d + i] = Ink(cmyk[s + i], inverted) * k;
        }
    }

    private static float Ink(byte stored, bool inverted) => (inverted ? stored : 255 - stored) / 255f;
}
