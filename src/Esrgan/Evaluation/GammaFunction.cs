namespace Esrgan.Evaluation;

/// <summary>The gamma function for positive arguments (Lanczos, g = 7, relative error about 1e-15).</summary>
internal static class GammaFunction
{
    private static readonly double[] Coefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    public static double Of(double x)
    {
        if (x < 0.5) return Math.PI / (Math.Sin(Math.PI * x) * Of(1 - x));
        x -= 1;
        double a = Coefficients[0];
        double t = x + 7.5;
        for (int i = 1; i < Coefficients.Length; i++) a += Coefficients[i] / (x + i);
        return Math.Sqrt(2 * Math.PI) * Math.Pow(t, x + 0.5) * Math.Exp(-t) * a;
    }
}
