using System.Buffers.Binary;

namespace Esrgan.Formats.Torch;

/// <summary>Element types of torch storages that a checkpoint may hold; all are converted to fp32 on load.</summary>
internal enum TorchDType { Float32, Float16, BFloat16, Float64, Int64, Int32, Int16, Int8, UInt8, Bool }

internal static class TorchDTypes
{
    public static TorchDType? FromStorageName(string name) => name switch
    {
        "FloatStorage" => TorchDType.Float32,
        "HalfStorage" => TorchDType.Float16,
        "BFloat16Storage" => TorchDType.BFloat16,
        "DoubleStorage" => TorchDType.Float64,
        "LongStorage" => TorchDType.Int64,
        "IntStorage" => TorchDType.Int32,
        "ShortStorage" => TorchDType.Int16,
        "CharStorage" => TorchDType.Int8,
        "ByteStorage" => TorchDType.UInt8,
        "BoolStorage" => TorchDType.Bool,
        _ => null,
    };

    public static int Size(this TorchDType t) => t switch
    {
        TorchDType.Float64 or TorchDType.Int64 => 8,
        TorchDType.Float32 or TorchDType.Int32 => 4,
        TorchDType.Float16 or TorchDType.BFloat16 or TorchDType.Int16 => 2,
        _ => 1,
    };

    /// <summary>Converts little-endian raw storage bytes to fp32.</summary>
    public static float[] ToFloat(this TorchDType t, ReadOnlySpan<byte> raw)
    {
        int size = t.Size();
        var result = new float[raw.Length / size];
        for (int i = 0; i < result.Length; i++)
        {
            var b = raw.Slice(i * size, size);
            result[i] = t switch
            {
                TorchDType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(b),
                TorchDType.Float16 => (float)BinaryPrimitives.ReadHalfLittleEndian(b),
                TorchDType.BFloat16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16),
                TorchDType.Float64 => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
                TorchDType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(b),
                TorchDType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(b),
                TorchDType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(b),
                TorchDType.Int8 => (sbyte)b[0],
                _ => b[0],
            };
        }
        return result;
    }
}
