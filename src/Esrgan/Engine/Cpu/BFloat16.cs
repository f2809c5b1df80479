using System.Runtime.Intrinsics;

namespace Esrgan.Engine.Cpu;

/// <summary>
/// float32 to bfloat16 as vcvtneps2bf16 (oneDNN's conversion) does it: the upper 16 bits after rounding to nearest
/// even, NaNs kept as quiet NaNs, subnormals flushed to signed zeros. Conversions done here and by oneDNN agree bit for
/// bit, so where a tensor is converted does not change a result.
/// </summary>
internal static class BFloat16
{
    public static Vector256<ushort> Round(Vector512<float> values)
    {
        var bits = values.AsUInt32();
        var rounded = (bits + Vector512.Create(0x7FFFu) + ((bits >> 16) & Vector512<uint>.One)) >> 16;
        var magnitude = bits & Vector512.Create(0x7FFFFFFFu);
        var nan = Vector512.GreaterThan(magnitude, Vector512.Create(0x7F800000u));
        var subnormal = Vector512.LessThan(magnitude, Vector512.Create(0x00800000u));
        var result = Vector512.ConditionalSelect(nan, (bits >> 16) | Vector512.Create(0x40u), rounded);
        result = Vector512.ConditionalSelect(subnormal, (bits >> 16) & Vector512.Create(0x8000u), result);
        return Vector512.Narrow(result, Vector512<uint>.Zero).GetLower();
    }

    public static ushort Round(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value), magnitude = bits & 0x7FFFFFFFu;
        if (magnitude > 0x7F800000u) return (ushort)((bits >> 16) | 0x40u);
        if (magnitude < 0x00800000u) return (ushort)((bits >> 16) & 0x8000u);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }

    /// <summary>bfloat16 to float32 (exact).</summary>
    public static Vector512<float> Widen(Vector256<ushort> values) =>
        (Vector512.WidenLower(values.ToVector512Unsafe()).AsUInt32() << 16).AsSingle();

    public static float Widen(ushort value) => BitConverter.UInt32BitsToSingle((uint)value << 16);
}
