using System.Buffers.Binary;
using System.Text.Json;
using Esrgan.Engine;

namespace Esrgan.Formats.Safetensors;

/// <summary>Reads safetensors files (F32, F16, BF16, F64 tensors) into fp32, with the __metadata__ strings.</summary>
internal static class SafetensorsReader
{
    private const long MaxHeader = 100_000_000;

    /// <summary>True when the bytes start with a plausible 8-byte header length followed by '{'.</summary>
    public static bool Looks(ReadOnlySpan<byte> head, long fileLength) =>
        head.Length >= 9 && head[8] == (byte)'{' && BinaryPrimitives.ReadUInt64LittleEndian(head) is var n && n <= (ulong)(fileLength - 8);

    public static StateDict Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw new InvalidDataException($"{path}: too short for a safetensors file");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeader || (long)headerLength > bytes.Length - 8)
            throw new InvalidDataException($"{path}: safetensors header claims {headerLength} bytes but the file has {bytes.Length - 8} after the length (truncated or corrupt)");
        int dataStart = 8 + (int)headerLength;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: safetensors header is not valid JSON: {e.Message}", e); }

        var result = new StateDict();
        using (doc)
        {
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    foreach (var m in entry.Value.EnumerateObject()) result.Metadata[m.Name] = m.Value.GetString() ?? "";
                    continue;
                }
                result.Add(entry.Name, ReadTensor(entry.Name, entry.Value, bytes.AsSpan(dataStart), path));
            }
        }
        return result;
    }

    private static HostTensor ReadTensor(string name, JsonElement info, ReadOnlySpan<byte> data, string path)
    {
        string dtype = info.GetProperty("dtype").GetString() ?? "";
        int[] shape = info.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        long[] offsets = info.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        int size = dtype switch
        {
            "F32" => 4,
            "F16" or "BF16" => 2,
            "F64" => 8,
            _ => throw new InvalidDataException($"{path}: tensor '{name}' has dtype {dtype}; only F32, F16, BF16 and F64 are read"),
        };
        long count = HostTensor.ElementCount(shape);
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > data.Length || offsets[1] - offsets[0] != count * size)
            throw new InvalidDataException($"{path}: tensor '{name}' data offsets [{string.Join(", ", offsets)}] do not fit its shape or the file ({data.Length} data bytes; truncated?)");
        var raw = data[(int)offsets[0]..(int)offsets[1]];
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            var b = raw.Slice(i * size, size);
            values[i] = dtype switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(b),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(b),
                "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16),
                _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
            };
        }
        return new HostTensor(shape, values);
    }
}
