namespace Esrgan.Engine;

/// <summary>What one element of a <see cref="Tensor"/> is.</summary>
internal enum ElementType
{
    Float32,

    /// <summary>The upper half of a float32 (8-bit exponent, 7-bit mantissa), for bf16 convolution chains.</summary>
    BFloat16,
}

internal static class ElementTypes
{
    public static int Size(this ElementType type) => type == ElementType.BFloat16 ? 2 : 4;
}
