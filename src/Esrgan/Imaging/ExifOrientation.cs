using System.Buffers.Binary;

namespace Esrgan.Imaging;

/// <summary>Reads the EXIF orientation tag (1-8) and turns pixels upright accordingly.</summary>
internal static class ExifOrientation
{
    private const ushort OrientationTag = 0x0112;

    /// <summary>Orientation from a TIFF structure (the APP1 payload after "Exif\0\0"); 1 when absent or unreadable.</summary>
    public static int Parse(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8) return 1;
        bool little = tiff[0] == 'I' && tiff[1] == 'I';
        if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return 1;
        uint ifd = Read32(tiff[4..], little);
        if (ifd > tiff.Length - 2) return 1;
        int count = Read16(tiff[(int)ifd..], little);
        for (int i = 0; i < count; i++)
        {
            int entry = (int)ifd + 2 + 12 * i;
            if (entry + 12 > tiff.Length) return 1;
            if (Read16(tiff[entry..], little) != OrientationTag) continue;
            int value = Read16(tiff[(entry + 8)..], little);
            return value is >= 1 and <= 8 ? value : 1;
        }
        return 1;
    }

    public static Image Apply(Image source, int orientation)
    {
        if (orientation == 1) return source;
        int w = source.Width, h = source.Height, c = source.Channels;
        bool swap = orientation >= 5;
        int outW = swap ? h : w, outH = swap ? w : h;
        var src = source.Pixels;
        var dst = new float[src.Length];
        for (int y = 0; y < outH; y++)
        {
            for (int x = 0; x < outW; x++)
            {
                (int sx, int sy) = orientation switch
                {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x),
                };
                src.AsSpan((int)(((long)sy * w + sx) * c), c).CopyTo(dst.AsSpan((int)(((long)y * outW + x) * c), c));
            }
        }
        return new Image(outW, outH, c, source.BitDepth, dst, source.IccProfile);
    }

    private static ushort Read16(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

    private static uint Read32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
}
