using System.Buffers.Binary;

namespace Esrgan.Imaging;

/// <summary>What the JPEG header segments say before the scan data: frame size, EXIF, ICC profile.</summary>
internal sealed record JpegMetadata(int Width, int Height, int Components, int Orientation, byte[]? IccProfile, bool HasAdobeMarker)
{
    /// <summary>The APP1 EXIF block as a TIFF structure, when present and within <see cref="ExifBlock.MaxBytes"/>.</summary>
    public byte[]? Exif { get; init; }

    private const int MaxIccChunks = 255;

    /// <summary>Arithmetic-coded (SOF9 to SOF15): its scans can be far smaller than Huffman's.</summary>
    public bool Arithmetic { get; init; }

    /// <summary>
    /// Progressive, or a first scan without every component: libjpeg then holds the whole image's DCT coefficients.
    /// </summary>
    public bool MultiScan { get; init; }

    /// <summary>Width and height once the EXIF orientation is applied.</summary>
    public (int Width, int Height) OrientedSize => Orientation >= 5 ? (Height, Width) : (Width, Height);

    /// <summary>Reads the segments up to the first scan, skipping the payloads it does not need.</summary>
    /// <exception cref="InvalidDataException">The header is malformed or ends before the scan.</exception>
    public static JpegMetadata Parse(Stream jpeg)
    {
        Span<byte> head = stackalloc byte[4];
        if (!ReadFully(jpeg, head[..2]) || head[0] != 0xFF || head[1] != 0xD8) throw new InvalidDataException("not a JPEG file");
        int width = 0, height = 0, components = 0, orientation = 1;
        byte[]? exif = null;
        bool frameSeen = false, adobe = false, arithmetic = false, progressive = false, multiScan = false;
        var iccChunks = new SortedDictionary<int, byte[]>();
        while (true)
        {
            if (!ReadFully(jpeg, head[..2])) throw new InvalidDataException("truncated JPEG header");
            if (head[0] != 0xFF) throw new InvalidDataException("expected a JPEG marker between header segments");
            byte marker = head[1];
            // Fill bytes: a marker may be preceded by any number of 0xFF.
            while (marker == 0xFF)
            {
                int next = jpeg.ReadByte();
                if (next < 0) throw new InvalidDataException("truncated JPEG header");
                marker = (byte)next;
            }
            if (marker == 0xD9) break;
            if (marker == 0xDA)
            {
                // The scan header's component count; an unreadable one counts as several scans.
                multiScan = progressive || !ReadFully(jpeg, head[..3]) || head[2] < components;
                break;
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) continue; // standalone markers carry no length
            if (!ReadFully(jpeg, head[..2])) throw new InvalidDataException("truncated JPEG header");
            int length = BinaryPrimitives.ReadUInt16BigEndian(head) - 2;
            if (length < 0) throw new InvalidDataException("invalid JPEG segment length");
            bool frame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (!frame && marker is not (0xE1 or 0xE2 or 0xEE))
            {
                Skip(jpeg, length);
                continue;
            }
            var payload = new byte[length];
            if (!ReadFully(jpeg, payload)) throw new InvalidDataException("truncated JPEG segment");
            var p = payload.AsSpan();
            if (frame)
            {
                if (p.Length < 6) throw new InvalidDataException("short JPEG frame header");
                height = BinaryPrimitives.ReadUInt16BigEndian(p[1..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(p[3..]);
                components = p[5];
                frameSeen = true;
                arithmetic = marker >= 0xC9;
                progressive = marker is 0xC2 or 0xC6 or 0xCA or 0xCE;
            }
            else if (marker == 0xE1 && p.StartsWith("Exif\0\0"u8))
            {
                orientation = ExifBlock.Orientation(p[6..]);
                exif = ExifBlock.Keep(p);
            }
            else if (marker == 0xE2 && p.Length >= 14 && p.StartsWith("ICC_PROFILE\0"u8) && iccChunks.Count < MaxIccChunks)
                iccChunks[p[12]] = p[14..].ToArray();
            else if (marker == 0xEE && p.StartsWith("Adobe"u8))
                adobe = true;
        }
        if (!frameSeen) throw new InvalidDataException("JPEG has no frame header before the scan");
        // A height of 0 (defined later by a DNL marker) is legal JPEG that libjpeg-turbo does not read.
        if (width == 0 || height == 0 || components == 0)
            throw new InvalidDataException($"JPEG frame header claims {width} x {height} pixels, {components} components: none may be 0");
        byte[]? icc = iccChunks.Count == 0 ? null : iccChunks.Values.SelectMany(c => c).ToArray();
        return new JpegMetadata(width, height, components, orientation, icc, adobe) { Arithmetic = arithmetic, MultiScan = multiScan, Exif = exif };
    }

    private static bool ReadFully(Stream stream, Span<byte> buffer) =>
        stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;

    private static void Skip(Stream stream, int count)
    {
        if (stream.CanSeek)
        {
            if (stream.Position + count > stream.Length) throw new InvalidDataException("truncated JPEG segment");
            stream.Seek(count, SeekOrigin.Current);
            return;
        }
        Span<byte> scratch = stackalloc byte[4096];
        while (count > 0)
        {
            int n = stream.Read(scratch[..Math.Min(count, scratch.Length)]);
            if (n == 0) throw new InvalidDataException("truncated JPEG segment");
            count -= n;
        }
    }
}
