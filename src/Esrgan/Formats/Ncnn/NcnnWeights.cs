using System.Buffers.Binary;

namespace Esrgan.Formats.Ncnn;

/// <summary>Sequential reader of an ncnn .bin file, where each layer's weights follow the previous layer's.</summary>
internal sealed class NcnnWeights(byte[] data, string file, LoadLimits limits)
{
    private const uint Fp16Tag = 0x01306B47;
    private int _position;

    public int Remaining => data.Length - _position;

    /// <summary>Tagged weight data: a 4-byte tag, then fp16 values padded to 4 bytes (tag 0x01306B47) or raw fp32 (tag 0).</summary>
    public float[] Tagged(int count)
    {
        Claim(count);
        uint tag = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        if (tag == Fp16Tag)
        {
            var raw = Take((count * 2L + 3) / 4 * 4);
            var values = new float[count];
            for (int i = 0; i < count; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw.Slice(i * 2, 2));
            return values;
        }
        if (tag == 0) return Raw(count);
        throw new NcnnFileException(file, $"weight tag 0x{tag:x8} at offset {_position - 4} is not fp16 or fp32 (quantised ncnn models are not supported)");
    }

    public float[] Raw(int count)
    {
        Claim(count);
        var raw = Take(count * 4L);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4, 4));
        return values;
    }

    private long _elements;

    /// <summary>Checks a layer's claimed weight count against the limits before anything is read or allocated.</summary>
    private void Claim(int count)
    {
        if (count <= 0) throw new NcnnFileException(file, $"a layer claims {count} weights at offset {_position}");
        if ((_elements += count) > limits.MaxCheckpointElements)
            throw new NcnnFileException(file, $"weights hold more than {limits.MaxCheckpointElements:N0} elements in all (limit) at offset {_position}");
    }

    private ReadOnlySpan<byte> Take(long count)
    {
        if (count > Remaining)
            throw new NcnnFileException(file, $"needs {count} more bytes at offset {_position} but only {Remaining} remain (truncated, or it does not belong to this .param)");
        var span = data.AsSpan(_position, (int)count);
        _position += (int)count;
        return span;
    }
}
