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

    /// <summary>
    /// Refuses a whole decode that would cost more than <see cref="LoadLimits.MaxDecodedImageBytes"/>
    /// (<paramref name="bytes"/> as that property describes).
    /// </summary>
    public static void CheckDecodedBytes(string path, string format, long width, long height, long bytes, LoadLimits limits)
    {
        long budget = limits.DecodedImageBytesLimit();
        if (bytes > budget)
            throw new ImageFileException(path, $"{format} of {width:N0} x {height:N0} pixels needs {bytes:N0} bytes to decode, " +
                $"over the memory budget of {budget:N0} bytes (raise it with --memory-mb or UpscalerOptions.MemoryBudgetBytes)");
    }

    /// <summary>Float samples of the decoded image, plus a second copy when the EXIF orientation turns it.</summary>
    public static long FloatBytes(long width, long height, int channels, int orientation) =>
        width * height * channels * sizeof(float) * (orientation is > 1 and <= 8 ? 2 : 1);

    /// <summary>
    /// Whether a PNG of this size could come from a file of <paramref name="fileBytes"/> bytes at all. Needs no
    /// earlier check: the sizes of a PNG header (below 2^31) cannot overflow here.
    /// </summary>
    public static void CheckPng(string path, long width, long height, int samplesPerPixel, int bitDepth, long fileBytes)
    {
        Int128 raw = height * (1 + ((Int128)width * samplesPerPixel * bitDepth + 7) / 8);
        if (raw > (Int128)MaxDeflateRatio * fileBytes)
            throw new ImageFileException(path, $"PNG header claims {width:N0} x {height:N0} pixels ({raw:N0} bytes of image data), more than {fileBytes:N0} bytes can hold");
    }

    public static void CheckHuffmanJpeg(string path, long width, long height, long fileBytes)
    {
        if (width * height > MaxHuffmanJpegPixelsPerByte * fileBytes)
            throw new ImageFileException(path, $"JPEG header claims {width:N0} x {height:N0} pixels, more than {fileBytes:N0} bytes can hold");
    }
}
