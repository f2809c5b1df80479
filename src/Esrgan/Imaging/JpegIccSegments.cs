namespace Esrgan.Imaging;

/// <summary>
/// Writes an ICC profile as APP2 "ICC_PROFILE" segments, split into numbered chunks as the ICC spec requires;
/// TurboJPEG 2.1 has no call for it, so the writer inserts these segments into the encoded file itself.
/// </summary>
internal static class JpegIccSegments
{
    private const int MaxChunk = 65535 - 2 - 14; // segment length field limit, less the length bytes and the chunk header
    private const int MaxChunks = 255;

    public static bool Fits(byte[] profile) => (profile.Length + MaxChunk - 1) / MaxChunk <= MaxChunks;

    public static void Write(Stream output, byte[] profile)
    {
        int count = (profile.Length + MaxChunk - 1) / MaxChunk;
        Span<byte> header = stackalloc byte[18];
        for (int i = 0; i < count; i++)
        {
            var chunk = profile.AsSpan(i * MaxChunk, Math.Min(MaxChunk, profile.Length - i * MaxChunk));
            int length = 2 + 14 + chunk.Length;
            header[0] = 0xFF;
            header[1] = 0xE2;
            header[2] = (byte)(length >> 8);
            header[3] = (byte)length;
            "ICC_PROFILE\0"u8.CopyTo(header[4..]);
            header[16] = (byte)(i + 1);
            header[17] = (byte)count;
            output.Write(header);
            output.Write(chunk);
        }
    }

    /// <summary>Where the segments go: after SOI and, when present, the JFIF APP0 segment that must come first.</summary>
    public static int InsertionPoint(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length >= 6 && jpeg[2] == 0xFF && jpeg[3] == 0xE0)
        {
            int app0 = 4 + (jpeg[4] << 8 | jpeg[5]);
            if (app0 <= jpeg.Length) return app0;
        }
        return 2;
    }
}
