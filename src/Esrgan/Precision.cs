namespace Esrgan;

/// <summary>The number format convolutions compute in.</summary>
public enum Precision
{
    /// <summary>
    /// <see cref="BFloat16"/> where the CPU multiplies bfloat16 natively (AVX512_BF16), else <see cref="Float32"/>.
    /// </summary>
    Auto,

    /// <summary>IEEE single precision throughout.</summary>
    Float32,

    /// <summary>
    /// Convolution inputs and weights rounded to bfloat16 (8 significant bits), products accumulated in float32;
    /// activations between layers, residual sums, biases and the image-facing first and last convolutions stay float32.
    /// Where the CPU lacks AVX512_BF16, oneDNN emulates it (correct, but slower than float32).
    /// </summary>
    BFloat16,
}
