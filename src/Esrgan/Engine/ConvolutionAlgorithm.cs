namespace Esrgan.Engine;

/// <summary>
/// How a backend computes convolutions. Winograd F(4x4, 3x3) needs 2.25x fewer multiplies for 3x3 stride-1
/// convolutions; its results differ from direct summation by about 1e-6 relative, invisible in images, and gradients
/// summed over many terms that nearly cancel drift by up to about 1e-2 of their scale (measured on the GAN iteration
/// fixture, where batch norm amplifies it). <see cref="Auto"/> uses it for every float32 pass, training included: the
/// paper's models were trained by cuDNN with benchmark mode on (BasicSR's default), which picks Winograd and FFT
/// kernels too, and a 2,000-iteration run trained with Winograd ends within noise of one trained with direct kernels
/// (README). <see cref="Direct"/> computes as PyTorch does on CPUs, for runs that must match it to 1e-4.
/// </summary>
internal enum ConvolutionAlgorithm
{
    Auto,
    Direct,
}

internal static class ConvolutionAlgorithms
{
    /// <summary>Environment variable that selects the algorithm for the whole process: "auto" or "direct".</summary>
    public const string EnvironmentVariable = "ESRGAN_CONVOLUTION";

    public static ConvolutionAlgorithm FromEnvironment() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable), EnvironmentVariable);

    public static ConvolutionAlgorithm Parse(string? text, string source) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => ConvolutionAlgorithm.Auto,
        "direct" => ConvolutionAlgorithm.Direct,
        _ => throw new ArgumentException($"{source}: unknown convolution algorithm '{text}' (use auto or direct)"),
    };
}
