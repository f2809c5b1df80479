namespace Esrgan.Imaging;

/// <summary>
/// Header checks made before a decoder allocates anything: the pixel limit, and whether the file is large enough
/// to hold that many pixels at all, so a few bytes that claim a huge image are refused at once, not after a decode.
/// </summary>
internal static class ImageLimits
{
    /// <summary>Deflate expands at most 1032:1 (258 bytes from a 2-bit match).</summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>A Huffman-coded JPEG spends at least one bit on each 8x8 block of its first component.</summary>
    private const long MaxHuffmanJpegPixelsPerByte = 512;

    public static void CheckPixels(string path, string format, long width, long height, LoadLimits limits)
    {
        long pixels = width * height;
        if (pixels > limits.MaxImagePixels)
            throw new ImageFileException(path, $"{format} header claims {width:N0} x {height:N0} = {pixels:N0} pixels (limit {limits.MaxImagePixels:N0})");
    }

    /// <summary>Call after <see cref="CheckPixels"/>, which keeps these products small.</summary>
    public static void CheckPng(string path, long width, long height, int samplesPerPixel, int bitDepth, long fileBytes)
    {
        long raw = height * (1 + (width * samplesPerPixel * bitDepth + 7) / 8);
        if (raw > MaxDeflateRatio * fileBytes)
            throw new ImageFileException(path, $"PNG header claims {width:N0} x {height:N0} pixels ({raw:N0} bytes of image data), more than {fileBytes:N0} bytes can hold");
    }

    public static void CheckHuffmanJpeg(string path, long width, long height, long fileBytes)
    {
        if (width * height > MaxHuffmanJpegPixelsPerByte * fileBytes)
            throw new ImageFileException(path, $"JPEG header claims {width:N0} x {height:N0} pixels, more than {fileBytes:N0} bytes can hold");
    }
}
