using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Esrgan.Formats.Numpy;

/// <summary>An array read from a .npy file (or one member of an .npz), converted to double or float on request.</summary>
internal sealed partial class NpyArray
{
    private NpyArray(int[] shape, double[] values) { Shape = shape; Values = values; }

    public int[] Shape { get; }
    public double[] Values { get; }

    public float[] ToFloat() => Array.ConvertAll(Values, v => (float)v);

    public static NpyArray Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads every member of an .npz archive (np.savez / np.savez_compressed), keyed without the ".npy" suffix.</summary>
    public static Dictionary<string, NpyArray> ReadNpz(Stream stream, string name)
    {
        var result = new Dictionary<string, NpyArray>();
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        foreach (var entry in zip.Entries)
        {
            if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
            using var member = entry.Open();
            using var buffer = new MemoryStream();
            member.CopyTo(buffer);
            buffer.Position = 0;
            result[entry.FullName[..^4]] = Read(buffer, $"{name}:{entry.FullName}");
        }
        return result;
    }

    public static Dictionary<string, NpyArray> ReadNpz(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadNpz(stream, path);
    }

    public static NpyArray Read(Stream stream, string name)
    {
        var reader = new BinaryReader(stream);
        byte[] magic = reader.ReadBytes(6);
        if (magic.Length != 6 || magic[0] != 0x93 || Encoding.ASCII.GetString(magic, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{name}: not a .npy array (bad magic)");
        byte major = reader.ReadByte();
        reader.ReadByte();
        int headerLength = major == 1 ? reader.ReadUInt16() : (int)reader.ReadUInt32();
        string header = Encoding.Latin1.GetString(reader.ReadBytes(headerLength));

        string descr = DescrPattern().Match(header) is { Success: true } d ? d.Groups[1].Value
            : throw new InvalidDataException($"{name}: .npy header has no descr");
        if (FortranPattern().IsMatch(header))
            throw new InvalidDataException($"{name}: Fortran-ordered arrays are not supported");
        var shapeMatch = ShapePattern().Match(header);
        if (!shapeMatch.Success) throw new InvalidDataException($"{name}: .npy header has no shape");
        int[] shape = shapeMatch.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToArray();

        long count = 1;
        foreach (int s in shape) count *= s;
        var values = new double[count];
        (int size, ElementReader convert) = descr switch
        {
            "<f8" => (8, (ElementReader)(b => BinaryPrimitives.ReadDoubleLittleEndian(b))),
            "<f4" => (4, b => BinaryPrimitives.ReadSingleLittleEndian(b)),
            "<f2" => (2, b => (double)BinaryPrimitives.ReadHalfLittleEndian(b)),
            "<i8" => (8, b => BinaryPrimitives.ReadInt64LittleEndian(b)),
            "<i4" => (4, b => BinaryPrimitives.ReadInt32LittleEndian(b)),
            "|u1" => (1, b => b[0]),
            "|b1" => (1, b => b[0]),
            _ => throw new InvalidDataException($"{name}: unsupported .npy dtype '{descr}'"),
        };
        byte[] raw = reader.ReadBytes(checked((int)(count * size)));
        if (raw.Length != count * size) throw new InvalidDataException($"{name}: .npy data is truncated");
        for (long i = 0; i < count; i++) values[i] = convert(raw.AsSpan((int)(i * size), size));
        return new NpyArray(shape, values);
    }

    private delegate double ElementReader(ReadOnlySpan<byte> bytes);

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")]
    private static partial Regex DescrPattern();
    [GeneratedRegex(@"'fortran_order'\s*:\s*True")]
    private static partial Regex FortranPattern();
    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
