namespace Esrgan.Evaluation;

/// <summary>
/// BasicSR's estimate_aggd_param: asymmetric generalised Gaussian fit by moment matching, with the shape picked
/// from the grid 0.2, 0.201, ..., 10 (numpy's arange values) as the first closest match.
/// </summary>
internal static class AggdFit
{
    private static readonly double[] Shapes = ShapeGrid();
    private static readonly double[] Ratios = Array.ConvertAll(Shapes,
        g => Square(GammaFunction.Of(2 / g)) / (GammaFunction.Of(1 / g) * GammaFunction.Of(3 / g)));

    public readonly record struct Fit(double Alpha, double BetaLeft, double BetaRight);

    public static Fit Estimate(ReadOnlySpan<double> block)
    {
        double leftSum = 0, rightSum = 0, absSum = 0, squareSum = 0;
        int left = 0, right = 0;
        foreach (double v in block)
        {
            double s = v * v;
            if (v < 0) { leftSum += s; left++; }
            else if (v > 0) { rightSum += s; right++; }
            absSum += Math.Abs(v);
            squareSum += s;
        }
        // An empty side gives NaN, as numpy's mean of an empty selection does; NaN features are dropped later.
        double leftStd = Math.Sqrt(leftSum / left), rightStd = Math.Sqrt(rightSum / right);
        double gammaHat = leftStd / rightStd;
        double meanAbs = absSum / block.Length;
        double rHat = meanAbs * meanAbs / (squareSum / block.Length);
        double rHatNorm = rHat * (gammaHat * gammaHat * gammaHat + 1) * (gammaHat + 1) / Square(gammaHat * gammaHat + 1);

        double alpha = Shapes[ClosestRatio(rHatNorm)];
        double factor = Math.Sqrt(GammaFunction.Of(1 / alpha) / GammaFunction.Of(3 / alpha));
        return new Fit(alpha, leftStd * factor, rightStd * factor);
    }

    /// <summary>np.argmin((ratios - target)^2): the first minimum, and index 0 when the target is NaN.</summary>
    private static int ClosestRatio(double target)
    {
        if (double.IsNaN(target)) return 0;
        int best = 0;
        double bestError = double.PositiveInfinity;
        for (int i = 0; i < Ratios.Length; i++)
        {
            double e = Square(Ratios[i] - target);
            if (e < bestError) { bestError = e; best = i; }
        }
        return best;
    }

    private static double[] ShapeGrid()
    {
        const double start = 0.2;
        double step = (start + 0.001) - start;
        var grid = new double[9801];
        for (int i = 0; i < grid.Length; i++) grid[i] = start + i * step;
        return grid;
    }

    private static double Square(double x) => x * x;
}
