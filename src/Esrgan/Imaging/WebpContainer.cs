using System.Buffers.Binary;

namespace Esrgan.Imaging;

/// <summary>
/// The RIFF chunks of a WebP file around the image data: reads the ICCP and EXIF chunks, and wraps libwebp's
/// output in an extended (VP8X) container to add them, since libwebp's simple encoder writes neither.
/// </summary>
internal static class WebpContainer
{
    private const int HeaderBytes = 12, ChunkHeaderBytes = 8, Vp8xPayloadBytes = 10;
    private const byte IccFlag = 0x20, AlphaFlag = 0x10, ExifFlag = 0x08;

    /// <summary>Whether the VP8X header says an EXIF chunk follows somewhere in the file.</summary>
    public static bool DeclaresExif(ReadOnlySpan<byte> webp) =>
        webp.Length >= HeaderBytes + ChunkHeaderBytes + 1 && webp[HeaderBytes..].StartsWith("VP8X"u8)
        && (webp[HeaderBytes + ChunkHeaderBytes] & ExifFlag) != 0;

    /// <summary>The ICC profile and EXIF block found in <paramref name="webp"/>; malformed chunks end the walk quietly.</summary>
    public static (byte[]? Icc, byte[]? Exif) ReadMetadata(ReadOnlySpan<byte> webp)
    {
        byte[]? icc = null, exif = null;
        foreach (var (fourCc, payload) in Chunks(webp, out _))
        {
            var data = webp.Slice(payload.Offset, payload.Length);
            if (fourCc == "ICCP" && icc == null && data.Length > 0) icc = data.ToArray();
            else if (fourCc == "EXIF" && exif == null) exif = ExifBlock.Keep(data);
        }
        return (icc, exif);
    }

    /// <summary>Writes <paramref name="encoded"/> (libwebp's file) with a VP8X header, ICCP first and EXIF last.</summary>
    public static void Write(Stream output, ReadOnlySpan<byte> encoded, int width, int height, bool alpha, byte[]? icc, byte[]? exif)
    {
        if (icc == null && exif == null)
        {
            output.Write(encoded);
            return;
        }
        var image = new List<(int Offset, int Length)>();
        var chunks = Chunks(encoded, out bool complete);
        foreach (var (fourCc, payload) in chunks)
            if (fourCc != "VP8X") image.Add((payload.Offset - ChunkHeaderBytes, Padded(payload.Length) + ChunkHeaderBytes));
        if (!complete) throw new InvalidDataException("libwebp wrote a malformed RIFF container");
        long size = 4 + ChunkHeaderBytes + Vp8xPayloadBytes + image.Sum(c => (long)c.Length)
            + (icc == null ? 0 : ChunkHeaderBytes + Padded(icc.Length)) + (exif == null ? 0 : ChunkHeaderBytes + Padded(exif.Length));
        if (size > uint.MaxValue - 1) throw new InvalidDataException("WebP file with metadata exceeds 4 GiB");
        Span<byte> head = stackalloc byte[HeaderBytes + ChunkHeaderBytes + Vp8xPayloadBytes];
        "RIFF"u8.CopyTo(head);
        BinaryPrimitives.WriteUInt32LittleEndian(head[4..], (uint)size);
        "WEBPVP8X"u8.CopyTo(head[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(head[16..], Vp8xPayloadBytes);
        head[20] = (byte)((icc != null ? IccFlag : 0) | (alpha ? AlphaFlag : 0) | (exif != null ? ExifFlag : 0));
        head[21..24].Clear();
        WriteUInt24(head[24..], width - 1);
        WriteUInt24(head[27..], height - 1);
        output.Write(head);
        if (icc != null) WriteChunk(output, "ICCP"u8, icc);
        foreach (var (offset, length) in image) output.Write(encoded.Slice(offset, length));
        if (exif != null) WriteChunk(output, "EXIF"u8, exif);
    }

    /// <summary>The chunks after the RIFF header; <paramref name="complete"/> is false when a chunk overruns the data.</summary>
    private static List<(string FourCc, (int Offset, int Length) Payload)> Chunks(ReadOnlySpan<byte> webp, out bool complete)
    {
        var chunks = new List<(string, (int, int))>();
        complete = false;
        if (webp.Length < HeaderBytes || !webp.StartsWith("RIFF"u8) || !webp[8..].StartsWith("WEBP"u8)) return chunks;
        long end = Math.Min(webp.Length, 8L + BinaryPrimitives.ReadUInt32LittleEndian(webp[4..]));
        long at = HeaderBytes;
        while (at + ChunkHeaderBytes <= end)
        {
            long length = BinaryPrimitives.ReadUInt32LittleEndian(webp[(int)(at + 4)..]);
            if (at + ChunkHeaderBytes + length > end) return chunks;
            chunks.Add((System.Text.Encoding.ASCII.GetString(webp.Slice((int)at, 4)), ((int)at + ChunkHeaderBytes, (int)length)));
            at += ChunkHeaderBytes + Padded(length);
        }
        complete = at >= end;
        return chunks;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> fourCc, byte[] payload)
    {
        Span<byte> header = stackalloc byte[ChunkHeaderBytes];
        fourCc.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)payload.Length);
        output.Write(header);
        output.Write(payload);
        if (payload.Length % 2 != 0) output.WriteByte(0);
    }

    private static int Padded(int length) => length + (length & 1);

    private static long Padded(long length) => length + (length & 1);

    private static void WriteUInt24(Span<byte> b, int value)
    {
        b[0] = (byte)value;
        b[1] = (byte)(value >> 8);
        b[2] = (byte)(value >> 16);
    }
}
