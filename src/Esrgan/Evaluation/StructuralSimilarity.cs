namespace Esrgan.Evaluation;

/// <summary>
/// BasicSR's _ssim on one float64 plane pair: 11x11 Gaussian window (sigma 1.5, as cv2.getGaussianKernel),
/// statistics over the valid region only, mean of the SSIM map.
/// </summary>
internal static class StructuralSimilarity
{
    private const int Size = 11;
    private const double C1 = 0.01 * 255 * 0.01 * 255;
    private const double C2 = 0.03 * 255 * 0.03 * 255;
    private static readonly double[] Window = GaussianWindow();

    public static double Mean(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int height, int width)
    {
        if (height < Size || width < Size)
            throw new ArgumentException($"SSIM needs at least {Size}x{Size} pixels after cropping, got {width}x{height}");
        int n = height * width;
        var products = new double[3 * n];
        for (int i = 0; i < n; i++)
        {
            products[i] = a[i] * a[i];
            products[n + i] = b[i] * b[i];
            products[2 * n + i] = a[i] * b[i];
        }
        double[] mu1 = Filter(a, height, width), mu2 = Filter(b, height, width);
        double[] s11 = Filter(products.AsSpan(0, n), height, width);
        double[] s22 = Filter(products.AsSpan(n, n), height, width);
        double[] s12 = Filter(products.AsSpan(2 * n, n), height, width);

        double sum = 0;
        for (int i = 0; i < mu1.Length; i++)
        {
            double m1 = mu1[i] * mu1[i], m2 = mu2[i] * mu2[i], m12 = mu1[i] * mu2[i];
            double v1 = s11[i] - m1, v2 = s22[i] - m2, v12 = s12[i] - m12;
            sum += (2 * m12 + C1) * (2 * v12 + C2) / ((m1 + m2 + C1) * (v1 + v2 + C2));
        }
        return sum / mu1.Length;
    }

    /// <summary>Separable Gaussian filter keeping only the (height-10) x (width-10) valid outputs.</summary>
    private static double[] Filter(ReadOnlySpan<double> plane, int height, int width)
    {
        int oh = height - Size + 1, ow = width - Size + 1;
        var rows = new double[height * ow];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < ow; x++)
            {
                double s = 0;
                for (int k = 0; k < Size; k++) s += Window[k] * plane[y * width + x + k];
                rows[y * ow + x] = s;
            }
        }
        var result = new double[oh * ow];
        for (int y = 0; y < oh; y++)
        {
            for (int x = 0; x < ow; x++)
            {
                double s = 0;
                for (int k = 0; k < Size; k++) s += Window[k] * rows[(y + k) * ow + x];
                result[y * ow + x] = s;
            }
        }
        return result;
    }

    private static double[] GaussianWindow()
    {
        const double sigma = 1.5;
        var g = new double[Size];
        double sum = 0;
        for (int i = 0; i < Size; i++)
        {
            double x = i - (Size - 1) / 2.0;
            g[i] = Math.Exp(-x * x / (2 * sigma * sigma));
            sum += g[i];
        }
        for (int i = 0; i < Size; i++) g[i] /= sum;
        return g;
    }
}
