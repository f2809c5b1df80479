namespace Esrgan.Engine;

/// <summary>
/// How a backend computes convolutions. Winograd F(4x4, 3x3) needs 2.25x fewer multiplies for 3x3 stride-1
/// convolutions; its results differ from direct summation by about 1e-6 relative, which is invisible in images but
/// can reach 1e-3 relative in gradients that nearly cancel. So <see cref="Auto"/> uses it only for passes that no
/// backward pass follows (upscaling, validation, loss targets) and trains with direct kernels, as PyTorch does.
/// </summary>
internal enum ConvolutionAlgorithm
{
    Auto,
    Winograd,
    Direct,
}

internal static class ConvolutionAlgorithms
{
    /// <summary>Environment variable that selects the algorithm for the whole process: "auto", "winograd" or "direct".</summary>
    public const string EnvironmentVariable = "ESRGAN_CONVOLUTION";

    public static ConvolutionAlgorithm FromEnvironment() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable), EnvironmentVariable);

    public static ConvolutionAlgorithm Parse(string? text, string source) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => ConvolutionAlgorithm.Auto,
        "winograd" => ConvolutionAlgorithm.Winograd,
        "direct" => ConvolutionAlgorithm.Direct,
        _ => throw new ArgumentException($"{source}: unknown convolution algorithm '{text}' (use auto, winograd or direct)"),
    };
}
