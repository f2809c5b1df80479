namespace Esrgan;

/// <summary>How to encode an output image. The bit depth comes from the image (PNG only; JPEG and WebP are always 8-bit).</summary>
public sealed record ImageSaveOptions
{
    /// <summary>The output format; null picks it from the file extension.</summary>
    public ImageFormat? Format { get; init; }
    /// <summary>JPEG quality, 1-100 (default 95).</summary>
    public int JpegQuality { get; init; } = 95;
    /// <summary>PNG zlib compression level, 0-9 (default 6).</summary>
    public int PngCompressionLevel { get; init; } = 6;
    /// <summary>Quality of lossy WebP, 0-100 (default 90).</summary>
    public int WebpQuality { get; init; } = 90;
    /// <summary>Writes WebP losslessly.</summary>
    public bool WebpLossless { get; init; }

    internal void Validate()
    {
        if (JpegQuality is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(JpegQuality), JpegQuality, "JPEG quality must be 1 to 100");
        if (PngCompressionLevel is < 0 or > 9)
            throw new ArgumentOutOfRangeException(nameof(PngCompressionLevel), PngCompressionLevel, "PNG compression level must be 0 to 9");
        if (WebpQuality is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(WebpQuality), WebpQuality, "WebP quality must be 0 to 100");
    }
}
