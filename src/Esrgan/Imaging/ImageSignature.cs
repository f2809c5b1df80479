namespace Esrgan.Imaging;

/// <summary>Tells PNG, JPEG and WebP apart by their first bytes, whatever the file is named.</summary>
internal static class ImageSignature
{
    private static ReadOnlySpan<byte> Png => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    /// <summary>Reads the signature and rewinds <paramref name="file"/>.</summary>
    public static ImageFormat Detect(string path, Stream file)
    {
        Span<byte> head = stackalloc byte[12];
        int read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        head = head[..read];
        if (head.StartsWith(Png)) return ImageFormat.Png;
        if (head.StartsWith(Jpeg)) return ImageFormat.Jpeg;
        if (head.Length == 12 && head.StartsWith("RIFF"u8) && head[8..].SequenceEqual("WEBP"u8)) return ImageFormat.Webp;
        throw new ImageFileException(path, read == 0 ? "empty file" : "not a PNG, JPEG or WebP file (or its first bytes are damaged)");
    }
}
