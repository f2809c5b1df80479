using System.Buffers.Binary;

namespace Esrgan.Imaging;

/// <summary>
/// The EXIF TIFF structure (header, IFD0, Exif IFD) read and patched in place with bounded, checked offsets.
/// Anything malformed reads as "tag absent"; nothing here throws on bad data.
/// </summary>
internal static class ExifBlock
{
    /// <summary>Largest block kept: what one JPEG APP1 segment holds after "Exif\0\0".</summary>
    public const int MaxBytes = 65535 - 2 - 6;

    private const ushort OrientationTag = 0x0112;
    private const ushort ExifIfdTag = 0x8769;
    private const ushort PixelXDimensionTag = 0xA002;
    private const ushort PixelYDimensionTag = 0xA003;
    private const ushort TypeShort = 3, TypeLong = 4;
    private const int MaxEntries = 1024;

    /// <summary>The block to keep: null when absent, too large or without a TIFF header; strips an "Exif\0\0" prefix.</summary>
    public static byte[]? Keep(ReadOnlySpan<byte> block)
    {
        if (block.StartsWith("Exif\0\0"u8)) block = block[6..];
        if (block.Length > MaxBytes || !TryHeader(block, out _, out _)) return null;
        return block.ToArray();
    }

    /// <summary>Orientation 1-8; 1 when absent or unreadable.</summary>
    public static int Orientation(ReadOnlySpan<byte> tiff)
    {
        if (!TryHeader(tiff, out bool little, out uint ifd0)) return 1;
        int entry = FindEntry(tiff, ifd0, OrientationTag, little);
        if (entry < 0) return 1;
        int value = Read16(tiff[(entry + 8)..], little);
        return value is >= 1 and <= 8 ? value : 1;
    }

    /// <summary>A copy for an output of the given size: Orientation set to 1 (the pixels are upright) and the
    /// Exif IFD's pixel dimensions, when present, set to the new size.</summary>
    public static byte[]? ForOutput(byte[]? tiff, int width, int height)
    {
        if (tiff == null || tiff.Length > MaxBytes || !TryHeader(tiff, out bool little, out uint ifd0)) return null;
        var copy = (byte[])tiff.Clone();
        var span = copy.AsSpan();
        int orientation = FindEntry(span, ifd0, OrientationTag, little);
        if (orientation >= 0 && Read16(span[(orientation + 2)..], little) == TypeShort) Write16(span[(orientation + 8)..], 1, little);
        int exifIfd = FindEntry(span, ifd0, ExifIfdTag, little);
        if (exifIfd >= 0)
        {
            uint offset = Read32(span[(exifIfd + 8)..], little);
            SetDimension(span, FindEntry(span, offset, PixelXDimensionTag, little), width, little);
            SetDimension(span, FindEntry(span, offset, PixelYDimensionTag, little), height, little);
        }
        return copy;
    }

    private static void SetDimension(Span<byte> tiff, int entry, int value, bool little)
    {
        if (entry < 0) return;
        // A one-value SHORT or LONG sits in the entry itself, so switching to LONG needs no extra room.
        Write16(tiff[(entry + 2)..], TypeLong, little);
        Write32(tiff[(entry + 4)..], 1, little);
        Write32(tiff[(entry + 8)..], (uint)value, little);
    }

    private static bool TryHeader(ReadOnlySpan<byte> tiff, out bool little, out uint ifd0)
    {
        little = false;
        ifd0 = 0;
        if (tiff.Length < 8) return false;
        little = tiff[0] == 'I' && tiff[1] == 'I';
        if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return false;
        if (Read16(tiff[2..], little) != 42) return false;
        ifd0 = Read32(tiff[4..], little);
        return true;
    }

    /// <summary>Offset of the 12-byte entry for <paramref name="tag"/> in the IFD at <paramref name="ifd"/>, or -1.</summary>
    private static int FindEntry(ReadOnlySpan<byte> tiff, uint ifd, ushort tag, bool little)
    {
        if (ifd < 8 || ifd > tiff.Length - 2L) return -1;
        int count = Math.Min((int)Read16(tiff[(int)ifd..], little), MaxEntries);
        for (int i = 0; i < count; i++)
        {
            long entry = ifd + 2L + 12L * i;
            if (entry + 12 > tiff.Length) return -1;
            if (Read16(tiff[(int)entry..], little) == tag) return (int)entry;
        }
        return -1;
    }

    private static ushort Read16(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

    private static uint Read32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);

    private static void Write16(Span<byte> b, ushort value, bool little)
    {
        if (little) BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        else BinaryPrimitives.WriteUInt16BigEndian(b, value);
    }

    private static void Write32(Span<byte> b, uint value, bool little)
    {
        if (little) BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        else BinaryPrimitives.WriteUInt32BigEndian(b, value);
    }
}
