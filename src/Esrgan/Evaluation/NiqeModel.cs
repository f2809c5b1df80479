using Esrgan.Formats.Numpy;

namespace Esrgan.Evaluation;

/// <summary>The pristine multivariate Gaussian NIQE compares against (BasicSR's niqe_pris_params.npz, embedded).</summary>
internal sealed class NiqeModel
{
    public const int Features = 36;
    private const string ResourceName = "Esrgan.Resources.niqe_pris_params.npz";

    private static readonly Lazy<NiqeModel> Embedded = new(Load);

    private NiqeModel(double[] mean, double[] covariance, double[] window, int windowSize)
    {
        Mean = mean;
        Covariance = covariance;
        Window = window;
        WindowSize = windowSize;
    }

    public double[] Mean { get; }
    /// <summary>Row-major 36 x 36.</summary>
    public double[] Covariance { get; }
    /// <summary>The local mean/deviation window, row-major WindowSize x WindowSize.</summary>
    public double[] Window { get; }
    public int WindowSize { get; }

    public static NiqeModel Pristine => Embedded.Value;

    private static NiqeModel Load()
    {
        using var stream = typeof(NiqeModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the library");
        var arrays = NpyArray.ReadNpz(stream, ResourceName);
        NpyArray mean = arrays["mu_pris_param"], covariance = arrays["cov_pris_param"], window = arrays["gaussian_window"];
        if (mean.Values.Length != Features || covariance.Values.Length != Features * Features
            || window.Shape.Length != 2 || window.Shape[0] != window.Shape[1] || window.Shape[0] % 2 == 0)
            throw new InvalidDataException($"{ResourceName}: unexpected array shapes");
        return new NiqeModel(mean.Values, covariance.Values, window.Values, window.Shape[0]);
    }
}
