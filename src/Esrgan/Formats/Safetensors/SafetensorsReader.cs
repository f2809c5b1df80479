using System.Buffers.Binary;
using System.Text.Json;
using Esrgan.Engine;

namespace Esrgan.Formats.Safetensors;

/// <summary>
/// Reads safetensors files (F32, F16, BF16, F64 tensors) into fp32, with the __metadata__ strings. The whole header
/// is checked first (shapes, element limits, and data offsets that tile the data region exactly, as the format
/// requires) and only then is tensor data read, one tensor at a time.
/// </summary>
public static class SafetensorsReader
{
    private const long MaxHeader = 100_000_000;

    private sealed record Entry(string Name, string DType, int Size, int[] Shape, long Begin, long End);

    /// <summary>True when the bytes start with a plausible 8-byte header length followed by '{'.</summary>
    public static bool Looks(ReadOnlySpan<byte> head, long fileLength) =>
        head.Length >= 9 && head[8] == (byte)'{' && BinaryPrimitives.ReadUInt64LittleEndian(head) is var n && n <= (ulong)(fileLength - 8);

    /// <summary>Reads the file; every problem with it comes back as a <see cref="SafetensorsFileException"/>.</summary>
    public static StateDict Read(string path, LoadLimits? limits = null) =>
        ModelFileException.Guard(path, (p, m, e) => new SafetensorsFileException(p, m, e), () => ReadChecked(path, limits ?? LoadLimits.Current));

    private static StateDict ReadChecked(string path, LoadLimits limits)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> lengthBytes = stackalloc byte[8];
        if (file.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8) throw new SafetensorsFileException(path, "too short for a safetensors file");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeader || headerLength > (ulong)(file.Length - 8))
            throw new SafetensorsFileException(path, $"header claims {headerLength:N0} bytes but the file has {file.Length - 8:N0} after the length field (limit {MaxHeader:N0}; truncated or corrupt?)");
        var header = new byte[headerLength];
        file.ReadExactly(header);
        long dataStart = 8 + (long)headerLength, dataLength = file.Length - dataStart;

        var result = new StateDict();
        var entries = new List<Entry>();
        try
        {
            using var doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new SafetensorsFileException(path, "header is not a JSON object");
            foreach (var item in doc.RootElement.EnumerateObject())
            {
                if (item.Name == "__metadata__") ReadMetadata(item.Value, result, path);
                else entries.Add(ReadEntry(item.Name, item.Value, path, limits));
            }
        }
        catch (JsonException e) { throw new SafetensorsFileException(path, $"header is not valid JSON: {e.Message}", e); }
        CheckLayout(entries, dataLength, path, limits);

        foreach (var entry in entries)
        {
            if (result.Contains(entry.Name)) throw new SafetensorsFileException(path, $"tensor '{entry.Name}' appears twice in the header");
            var raw = new byte[entry.End - entry.Begin];
            file.Position = dataStart + entry.Begin;
            file.ReadExactly(raw);
            result.Add(entry.Name, new HostTensor(entry.Shape, Convert(raw, entry)));
        }
        return result;
    }

    private static void ReadMetadata(JsonElement metadata, StateDict result, string path)
    {
        if (metadata.ValueKind != JsonValueKind.Object) throw new SafetensorsFileException(path, "__metadata__ is not a JSON object of strings");
        foreach (var m in metadata.EnumerateObject())
            result.Metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()!
                : throw new SafetensorsFileException(path, $"__metadata__ value '{m.Name}' is a {m.Value.ValueKind}, not a string");
    }

    private static Entry ReadEntry(string name, JsonElement info, string path, LoadLimits limits)
    {
        JsonElement Field(string field) =>
            info.ValueKind == JsonValueKind.Object && info.TryGetProperty(field, out var v) ? v
                : throw new SafetensorsFileException(path, $"tensor '{name}' has no '{field}'");
        var dtypeField = Field("dtype");
        string dtype = dtypeField.ValueKind == JsonValueKind.String ? dtypeField.GetString()! : "";
        int size = dtype switch
        {
            "F32" => 4,
            "F16" or "BF16" => 2,
            "F64" => 8,
            _ => throw new SafetensorsFileException(path, $"tensor '{name}' has dtype '{dtype}'; only F32, F16, BF16 and F64 are read"),
        };
        int[] shape = Integers(Field("shape"), name, "shape", path, int.MaxValue).Select(v => (int)v).ToArray();
        long[] offsets = Integers(Field("data_offsets"), name, "data_offsets", path, long.MaxValue);
        if (shape.Length > 8) throw new SafetensorsFileException(path, $"tensor '{name}' has {shape.Length} dimensions (limit 8)");
        long count = 1;
        foreach (int d in shape)
            if ((count = (long)Int128.Min((Int128)count * d, long.MaxValue)) > limits.MaxTensorElements)
                throw new SafetensorsFileException(path, $"tensor '{name}' of shape [{string.Join(", ", shape)}] claims more than {limits.MaxTensorElements:N0} elements (limit)");
        if (offsets.Length != 2 || offsets[1] < offsets[0] || offsets[1] - offsets[0] != count * size)
            throw new SafetensorsFileException(path, $"tensor '{name}' data_offsets [{string.Join(", ", offsets)}] do not hold {count:N0} {dtype} elements");
        return new Entry(name, dtype, size, shape, offsets[0], offsets[1]);
    }

    private static long[] Integers(JsonElement array, string name, string field, string path, long max)
    {
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() > 8)
            throw new SafetensorsFileException(path, $"tensor '{name}' {field} is not a list of at most 8 integers");
        return array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v) && v >= 0 && v <= max ? v
            : throw new SafetensorsFileException(path, $"tensor '{name}' {field} holds {e.GetRawText()}, not an integer from 0 to {max:N0}")).ToArray();
    }

    /// <summary>The tensors' byte ranges must cover the data region exactly once: no overlap, no gap, nothing past the end.</summary>
    private static void CheckLayout(List<Entry> entries, long dataLength, string path, LoadLimits limits)
    {
        long expected = 0, elements = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin != expected)
                throw new SafetensorsFileException(path, e.Begin < expected
                    ? $"tensor '{e.Name}' data_offsets [{e.Begin}, {e.End}] overlap the previous tensor's data, which ends at {expected}"
                    : $"tensor '{e.Name}' data_offsets [{e.Begin}, {e.End}] leave a gap after byte {expected}");
            if (e.End > dataLength)
                throw new SafetensorsFileException(path, $"tensor '{e.Name}' data_offsets [{e.Begin}, {e.End}] reach past the {dataLength:N0} data bytes (truncated?)");
            expected = e.End;
            if ((elements += (e.End - e.Begin) / e.Size) > limits.MaxCheckpointElements)
                throw new SafetensorsFileException(path, $"tensors hold more than {limits.MaxCheckpointElements:N0} elements in all (limit) at tensor '{e.Name}'");
        }
        if (expected != dataLength)
            throw new SafetensorsFileException(path, $"{dataLength - expected:N0} data bytes after the last tensor belong to no tensor");
    }

    private static float[] Convert(ReadOnlySpan<byte> raw, Entry entry)
    {
        var values = new float[raw.Length / entry.Size];
        for (int i = 0; i < values.Length; i++)
        {
            var b = raw.Slice(i * entry.Size, entry.Size);
            values[i] = entry.DType switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(b),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(b),
                "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16),
                _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
            };
        }
        return values;
    }
}
