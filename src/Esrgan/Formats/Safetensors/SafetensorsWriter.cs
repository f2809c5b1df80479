using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Esrgan.IO;

namespace Esrgan.Formats.Safetensors;

/// <summary>Writes a state dict as F32 safetensors, tensors in state-dict order, header padded to 8 bytes.</summary>
internal static class SafetensorsWriter
{
    public static void Write(string path, StateDict weights)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors writing needs a little-endian machine");
        byte[] header = Header(weights);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var (_, tensor) in weights) stream.Write(MemoryMarshal.AsBytes(tensor.Data.AsSpan()));
        });
    }

    private static byte[] Header(StateDict weights)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (weights.Metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (k, v) in weights.Metadata) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in weights)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += tensor.Length * 4);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        int pad = (int)((8 - buffer.Length % 8) % 8);
        buffer.Write(Encoding.ASCII.GetBytes(new string(' ', pad)));
        return buffer.ToArray();
    }
}
