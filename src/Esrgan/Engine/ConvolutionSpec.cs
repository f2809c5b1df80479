namespace Esrgan.Engine;

/// <summary>Geometry of a 2-D convolution (square kernel, equal stride and padding on both axes, no groups).</summary>
internal readonly record struct ConvolutionSpec(int InChannels, int OutChannels, int Kernel, int Stride, int Padding, bool HasBias)
{
    public int OutputSize(int input) => (input + 2 * Padding - Kernel) / Stride + 1;

    public long WeightCount => (long)OutChannels * InChannels * Kernel * Kernel;

    /// <summary>2 x multiply-accumulates for one forward pass (padding taps counted, as benchmarks report).</summary>
    public double Flops(int n, int h, int w) => 2.0 * n * OutputSize(h) * OutputSize(w) * WeightCount;
}

/// <summary>
/// What a convolution does after the multiply-accumulate, fused into the kernel:
/// dst = (AccumulateIntoDst ? dst : 0) + OutputScale * act(conv(x) + bias), act being LeakyReLU when set.
/// </summary>
internal readonly record struct ConvEpilogue(float? LeakySlope = null, float OutputScale = 1f, bool AccumulateIntoDst = false)
{
    public static readonly ConvEpilogue None = new(null, 1f, false);
}
