using System.Buffers.Binary;

namespace Esrgan.Tests.Imaging;

/// <summary>PNG files and chunks written byte by byte, for tests of damaged and hostile files.</summary>
internal static class PngChunks
{
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10];

    /// <summary>
    /// A PNG of only an IHDR with these fields (compression, filter and interlace 0), then <paramref name="idat"/> as
    /// its image data when given, and IEND.
    /// </summary>
    public static byte[] WithHeader(uint width, uint height, byte bitDepth, byte colorType, byte[]? idat = null)
    {
        var png = new MemoryStream();
        png.Write(Signature);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colorType;
        Write(png, "IHDR", ihdr);
        if (idat != null) Write(png, "IDAT", idat);
        Write(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Writes one chunk: length, type, data and CRC.</summary>
    public static void Write(Stream png, string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, chunk.AsSpan(4, 4));
        data.CopyTo(chunk.AsSpan(8));
        FixCrc(chunk, 0);
        png.Write(chunk);
    }

    /// <summary>Recomputes the CRC of the chunk that starts at <paramref name="at"/> (after its bytes were changed).</summary>
    public static void FixCrc(byte[] png, int at)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(at + 8 + length), Crc32(png.AsSpan(at + 4, 4 + length)));
    }

    /// <summary>The CRC-32 of PNG chunks (ISO 3309, reflected, polynomial 0xEDB88320) over type and data.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320 & (0 - (crc & 1)));
        }
        return ~crc;
    }
}
