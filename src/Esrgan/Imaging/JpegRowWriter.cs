using Esrgan.Native;

namespace Esrgan.Imaging;

/// <summary>
/// Writes baseline JPEG with TurboJPEG. TurboJPEG compresses only whole images, so rows are buffered as 8-bit
/// (see <see cref="BufferedRowWriter"/>). Alpha is dropped; gray stays gray. High qualities use 4:4:4 chroma,
/// since subsampling visibly blurs the colour detail an upscaler just produced.
/// </summary>
internal sealed unsafe class JpegRowWriter : BufferedRowWriter
{
    private const int FullChromaFromQuality = 90;

    private readonly int _quality;
    private readonly OutputMetadata _metadata;

    private JpegRowWriter(string path, int width, int height, int channels, int quality, OutputMetadata metadata)
        : base(path, width, height, channels, channels <= 2 ? 1 : 3)
    {
        _quality = quality;
        _metadata = metadata;
    }

    public static JpegRowWriter Create(string path, int width, int height, int channels, int quality, OutputMetadata metadata)
    {
        var iccProfile = metadata.IccProfile;
        TurboJpegNative.Library.EnsureLoaded();
        if (width > ushort.MaxValue || height > ushort.MaxValue)
            throw new ImageFileException(path, $"{width}x{height} exceeds the JPEG limit of 65535 pixels a side");
        if (iccProfile is { Length: > 0 } && !JpegIccSegments.Fits(iccProfile))
            throw new ImageFileException(path, $"the {iccProfile.Length}-byte ICC profile is too large to embed in a JPEG");
        return new JpegRowWriter(path, width, height, channels, quality, metadata);
    }

    protected override void Encode(byte* pixels, int width, int height, Stream output)
    {
        bool gray = StoredChannels == 1;
        nint handle = TurboJpegNative.InitCompress();
        if (handle == 0) throw new OutOfMemoryException("TurboJPEG: cannot create a compressor");
        byte* jpeg = null;
        try
        {
            nuint size = 0;
            int subsamp = gray ? TurboJpegNative.SampGray
                : _quality >= FullChromaFromQuality ? TurboJpegNative.Samp444 : TurboJpegNative.Samp420;
            if (TurboJpegNative.Compress2(handle, pixels, width, width * StoredChannels, height,
                    gray ? TurboJpegNative.PixelGray : TurboJpegNative.PixelRgb, &jpeg, &size, subsamp, _quality,
                    TurboJpegNative.FlagAccurateDct) != 0)
                throw new ImageFileException(Path, $"JPEG encoding failed: {TurboJpegNative.Message(handle)}");
            var encoded = new ReadOnlySpan<byte>(jpeg, checked((int)size));
            int split = JpegIccSegments.InsertionPoint(encoded);
            output.Write(encoded[..split]);
            if (_metadata.Exif != null) WriteExif(output, _metadata.Exif);
            if (_metadata.IccProfile != null) JpegIccSegments.Write(output, _metadata.IccProfile);
            output.Write(encoded[split..]);
        }
        finally
        {
            TurboJpegNative.Free(jpeg);
            TurboJpegNative.Destroy(handle);
        }
    }

    /// <summary>One APP1 "Exif\0\0" segment; <see cref="ExifBlock.MaxBytes"/> keeps it within a segment's length.</summary>
    private static void WriteExif(Stream output, byte[] tiff)
    {
        int length = 2 + 6 + tiff.Length;
        output.Write([0xFF, 0xE1, (byte)(length >> 8), (byte)length]);
        output.Write("Exif\0\0"u8);
        output.Write(tiff);
    }
}
