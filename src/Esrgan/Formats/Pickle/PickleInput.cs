using System.Buffers.Binary;
using System.Text;

namespace Esrgan.Formats.Pickle;

/// <summary>A bounds-checked cursor over pickle bytes; every length a pickle claims is checked against what remains.</summary>
internal sealed class PickleInput(ReadOnlyMemory<byte> data, string name)
{
    public int Position { get; private set; }
    public string Name => name;
    public int Remaining => data.Length - Position;

    public byte Byte() => Bytes(1)[0];

    public ReadOnlySpan<byte> Bytes(long count)
    {
        if (count < 0 || count > Remaining)
            throw new CheckpointFileException(name, $"pickle claims {count} bytes at offset {Position} but only {Remaining} remain (truncated or corrupt)");
        var span = data.Span.Slice(Position, (int)count);
        Position += (int)count;
        return span;
    }

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));
    public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));
    public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2));
    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Bytes(8));
    public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8));

    /// <summary>A newline-terminated text argument (protocol 0 opcodes).</summary>
    public string Line()
    {
        int end = data.Span[Position..].IndexOf((byte)'\n');
        if (end < 0) throw new CheckpointFileException(name, $"unterminated text argument at offset {Position}");
        string text = Encoding.UTF8.GetString(Bytes(end));
        Position++;
        return text;
    }

    public long Length(ulong claimed) => claimed > int.MaxValue
        ? throw new CheckpointFileException(name, $"pickle claims a {claimed}-byte object at offset {Position}, more than the {Remaining} bytes that remain")
        : (long)claimed;
}
