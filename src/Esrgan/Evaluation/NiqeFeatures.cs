namespace Esrgan.Evaluation;

/// <summary>
/// BasicSR's NIQE features for one scale: local mean-subtracted contrast-normalised coefficients
/// (window from the model, 'nearest' borders), then per block the 18 AGGD features of compute_feature.
/// </summary>
internal static class NiqeFeatures
{
    public const int PerScale = 18;

    /// <summary>
    /// (x - mu) / (sigma + 1) with mu and sigma from the model window, scipy.ndimage.convolve mode='nearest'.
    /// BasicSR's plane is float32 and scipy keeps the input's dtype, so these steps round to float32 as there:
    /// it moves NIQE by about 4e-4.
    /// </summary>
    public static double[] Normalize(double[] image, int height, int width, NiqeModel model)
    {
        var plane = Array.ConvertAll(image, v => (double)(float)v);
        var squares = Array.ConvertAll(plane, v => (double)((float)v * (float)v));
        double[] mu = Convolve(plane, height, width, model), meanSquares = Convolve(squares, height, width, model);
        var result = new double[image.Length];
        for (int i = 0; i < image.Length; i++)
        {
            float m = (float)mu[i], ms = (float)meanSquares[i], x = (float)plane[i];
            float sigma = MathF.Sqrt(MathF.Abs(ms - m * m));
            result[i] = (x - m) / (sigma + 1f);
        }
        return result;
    }

    /// <summary>Features of the block at rows [top, top+size) and columns [left, left+size).</summary>
    public static void OfBlock(double[] normalized, int width, int top, int left, int size, Span<double> features)
    {
        var block = new double[size * size];
        for (int y = 0; y < size; y++) normalized.AsSpan((top + y) * width + left, size).CopyTo(block.AsSpan(y * size, size));

        var fit = AggdFit.Estimate(block);
        features[0] = fit.Alpha;
        features[1] = (fit.BetaLeft + fit.BetaRight) / 2;

        ReadOnlySpan<(int Dy, int Dx)> shifts = [(0, 1), (1, 0), (1, 1), (1, -1)];
        var product = new double[block.Length];
        for (int s = 0; s < shifts.Length; s++)
        {
            // np.roll(block, shift, axis=(0, 1)): element (y, x) comes from (y - dy, x - dx), wrapping around.
            for (int y = 0; y < size; y++)
            {
                int sy = ((y - shifts[s].Dy) % size + size) % size;
                for (int x = 0; x < size; x++)
                {
                    int sx = ((x - shifts[s].Dx) % size + size) % size;
                    product[y * size + x] = block[y * size + x] * block[sy * size + sx];
                }
            }
            var pair = AggdFit.Estimate(product);
            double mean = (pair.BetaRight - pair.BetaLeft) * (GammaFunction.Of(2 / pair.Alpha) / GammaFunction.Of(1 / pair.Alpha));
            ReadOnlySpan<double> values = [pair.Alpha, mean, pair.BetaLeft, pair.BetaRight];
            values.CopyTo(features.Slice(2 + 4 * s, 4));
        }
    }

    private static double[] Convolve(double[] image, int height, int width, NiqeModel model)
    {
        int size = model.WindowSize, half = size / 2;
        var result = new double[image.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double sum = 0;
                for (int i = 0; i < size; i++)
                {
                    int sy = Math.Clamp(y + half - i, 0, height - 1);
                    for (int j = 0; j < size; j++)
                    {
                        int sx = Math.Clamp(x + half - j, 0, width - 1);
                        sum += model.Window[i * size + j] * image[sy * width + sx];
                    }
                }
                result[y * width + x] = sum;
            }
        }
        return result;
    }
}
