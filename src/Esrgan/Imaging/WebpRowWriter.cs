using Esrgan.Native;

namespace Esrgan.Imaging;

/// <summary>
/// Writes WebP with libwebp's simple API, which encodes whole images, so rows are buffered as 8-bit
/// (see <see cref="BufferedRowWriter"/>). Gray is spread over RGB; alpha is kept. The ICC profile and EXIF go into
/// an extended container (see <see cref="WebpContainer"/>).
/// </summary>
internal sealed unsafe class WebpRowWriter : BufferedRowWriter
{
    private readonly float _quality;
    private readonly bool _lossless;
    private readonly OutputMetadata _metadata;

    private WebpRowWriter(string path, int width, int height, int channels, int quality, bool lossless, OutputMetadata metadata)
        : base(path, width, height, channels, channels is 2 or 4 ? 4 : 3)
    {
        _quality = quality;
        _lossless = lossless;
        _metadata = metadata;
    }

    public static WebpRowWriter Create(string path, int width, int height, int channels, int quality, bool lossless,
        OutputMetadata metadata)
    {
        WebpNative.Library.EnsureLoaded();
        if (width > WebpNative.MaxDimension || height > WebpNative.MaxDimension)
            throw new ImageFileException(path, $"{width}x{height} exceeds the WebP limit of {WebpNative.MaxDimension} pixels a side");
        return new WebpRowWriter(path, width, height, channels, quality, lossless, metadata);
    }

    protected override void Encode(byte* pixels, int width, int height, Stream output)
    {
        int stride = width * StoredChannels;
        bool alpha = StoredChannels == 4;
        byte* webp = null;
        try
        {
            nuint size = (_lossless, alpha) switch
            {
                (true, true) => WebpNative.EncodeLosslessRgba(pixels, width, height, stride, &webp),
                (true, false) => WebpNative.EncodeLosslessRgb(pixels, width, height, stride, &webp),
                (false, true) => WebpNative.EncodeRgba(pixels, width, height, stride, _quality, &webp),
                (false, false) => WebpNative.EncodeRgb(pixels, width, height, stride, _quality, &webp),
            };
            if (size == 0) throw new ImageFileException(Path, "WebP encoding failed");
            WebpContainer.Write(output, new ReadOnlySpan<byte>(webp, checked((int)size)), width, height, alpha,
                _metadata.IccProfile, _metadata.Exif);
        }
        finally
        {
            WebpNative.Free(webp);
        }
    }
}
