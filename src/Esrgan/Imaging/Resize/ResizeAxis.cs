namespace Esrgan.Imaging.Resize;

/// <summary>
/// The weights and source indices of one axis, as MATLAB's imresize <c>contributions</c> builds them:
/// bicubic kernel (a = -0.5), widened by 1/scale and scaled by scale on downscale (antialiasing),
/// each row normalised to sum 1, indices mirrored at the borders (edge sample included).
/// </summary>
internal sealed class ResizeAxis
{
    private const double KernelWidth = 4;

    private ResizeAxis(int inLength, int outLength, int taps, int[] indices, double[] weights)
    {
        InLength = inLength;
        OutLength = outLength;
        Taps = taps;
        Indices = indices;
        Weights = weights;
    }

    public int InLength { get; }
    public int OutLength { get; }
    public int Taps { get; }

    /// <summary>Row-major [OutLength, Taps]: source index of each tap, already inside [0, InLength).</summary>
    public int[] Indices { get; }

    /// <summary>Row-major [OutLength, Taps].</summary>
    public double[] Weights { get; }

    public static ResizeAxis Create(int inLength, int outLength, double scale, bool antialiasing)
    {
        if (inLength < 1 || outLength < 1) throw new ArgumentOutOfRangeException(nameof(outLength), "resize lengths must be positive");
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), "resize scale must be positive and finite");

        bool widen = scale < 1 && antialiasing;
        double width = widen ? KernelWidth / scale : KernelWidth;
        int taps = (int)Math.Ceiling(width) + 2;
        var indices = new int[outLength * taps];
        var weights = new double[outLength * taps];
        for (int x = 0; x < outLength; x++)
        {
            // 1-based output coordinate mapped to the 1-based source coordinate, as MATLAB does.
            double u = (x + 1) / scale + 0.5 * (1 - 1 / scale);
            double left = Math.Floor(u - width / 2);
            double sum = 0;
            for (int k = 0; k < taps; k++)
            {
                double index = left + k;
                double distance = u - index;
                double w = widen ? scale * Cubic(distance * scale) : Cubic(distance);
                weights[x * taps + k] = w;
                indices[x * taps + k] = Mirror((long)index - 1, inLength);
                sum += w;
            }
            for (int k = 0; k < taps; k++) weights[x * taps + k] /= sum;
        }
        return new ResizeAxis(inLength, outLength, taps, indices, weights);
    }

    private static double Cubic(double x)
    {
        double a = Math.Abs(x), a2 = a * a, a3 = a2 * a;
        if (a <= 1) return 1.5 * a3 - 2.5 * a2 + 1;
        if (a <= 2) return -0.5 * a3 + 2.5 * a2 - 4 * a + 2;
        return 0;
    }

    /// <summary>MATLAB's symmetric padding: the sequence 0..n-1, n-1..0 repeated.</summary>
    private static int Mirror(long index, int length)
    {
        long period = 2L * length;
        long m = ((index % period) + period) % period;
        return (int)(m < length ? m : period - 1 - m);
    }
}
