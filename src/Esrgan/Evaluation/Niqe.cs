using Esrgan.Imaging;
using Esrgan.Imaging.Resize;

namespace Esrgan.Evaluation;

/// <summary>How calculate_niqe turns a colour image into the grey plane it scores.</summary>
internal enum NiqeConversion
{
    /// <summary>BasicSR's default: the Y channel of bgr2ycbcr.</summary>
    Y,
    /// <summary>OpenCV's BGR2GRAY (MATLAB's rgb2gray weights).</summary>
    Gray,
}

/// <summary>
/// NIQE (Mittal et al.) exactly as BasicSR's calculate_niqe computes it: 8-bit codes, Y (or gray) on 0-255,
/// border cropped, rounded; 96x96 blocks; features at full and half size (MATLAB bicubic resize); distance to
/// the pristine model. Lower is better.
/// </summary>
internal static class Niqe
{
    private const int BlockSize = 96;

    public static double Compute(Image image, int cropBorder = 0, NiqeConversion conversion = NiqeConversion.Y) =>
        Compute(image.Pixels, image.Height, image.Width, image.Channels, cropBorder, conversion);

    /// <summary>NIQE of interleaved HWC pixels in [0,1]; alpha is ignored.</summary>
    public static double Compute(ReadOnlySpan<float> pixels, int height, int width, int channels, int cropBorder = 0,
        NiqeConversion conversion = NiqeConversion.Y)
    {
        if ((long)height * width * channels != pixels.Length)
            throw new ArgumentException($"expected {height}x{width}x{channels} samples, got {pixels.Length}");
        ArgumentOutOfRangeException.ThrowIfNegative(cropBorder);
        int h = height - 2 * cropBorder, w = width - 2 * cropBorder;
        if (!Fits(h, w))
            throw new ArgumentException($"NIQE needs two {BlockSize}x{BlockSize} blocks after cropping, got {Math.Max(w, 0)}x{Math.Max(h, 0)} pixels");

        var grey = new double[h * w];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int s = ((y + cropBorder) * width + x + cropBorder) * channels;
                double v = channels < 3 ? MetricPlanes.Code(pixels[s])
                    : Convert(MetricPlanes.Code(pixels[s]), MetricPlanes.Code(pixels[s + 1]), MetricPlanes.Code(pixels[s + 2]), conversion);
                grey[y * w + x] = Math.Round((float)v, MidpointRounding.ToEven);
            }
        }
        return Score(grey, h, w);
    }

    /// <summary>NIQE of a grey plane already on 0-255 (BasicSR's niqe() on an HW image).</summary>
    public static double Score(double[] grey, int height, int width)
    {
        if (grey.Length != height * width) throw new ArgumentException($"expected {height}x{width} samples, got {grey.Length}");
        if (!Fits(height, width)) throw new ArgumentException($"NIQE needs two {BlockSize}x{BlockSize} blocks, got {width}x{height} pixels");
        int blocksY = height / BlockSize, blocksX = width / BlockSize;
        var model = NiqeModel.Pristine;

        int h = blocksY * BlockSize, w = blocksX * BlockSize;
        var image = new double[h * w];
        for (int y = 0; y < h; y++) grey.AsSpan(y * width, w).CopyTo(image.AsSpan(y * w, w));

        int blocks = blocksY * blocksX;
        var features = new double[blocks * NiqeModel.Features];
        for (int scale = 1; scale <= 2; scale++)
        {
            int ph = h / scale, pw = w / scale, size = BlockSize / scale;
            var normalized = NiqeFeatures.Normalize(image, ph, pw, model);
            for (int by = 0; by < blocksY; by++)
                for (int bx = 0; bx < blocksX; bx++)
                    NiqeFeatures.OfBlock(normalized, pw, by * size, bx * size, size,
                        features.AsSpan((by * blocksX + bx) * NiqeModel.Features + (scale - 1) * NiqeFeatures.PerScale, NiqeFeatures.PerScale));
            if (scale == 1) image = MatlabImresize.Resize(image, h, w, 1, 0.5);
        }
        return Distance(features, blocks, model);
    }

    /// <summary>Whether a plane holds two whole blocks: with one, the features have no covariance (BasicSR gets NaN).</summary>
    public static bool Fits(int height, int width) => height >= 0 && width >= 0 && (height / BlockSize) * (width / BlockSize) >= 2;

    private static double Convert(float r, float g, float b, NiqeConversion conversion) => conversion switch
    {
        NiqeConversion.Y => MetricPlanes.Luma(r, g, b),
        NiqeConversion.Gray => MetricPlanes.Gray(r, g, b),
        _ => throw new ArgumentOutOfRangeException(nameof(conversion), conversion, null),
    };

    /// <summary>sqrt((mu_p - mu_d) pinv((cov_p + cov_d) / 2) (mu_p - mu_d)^T), with nanmean and NaN rows left out of the covariance.</summary>
    private static double Distance(double[] features, int blocks, NiqeModel model)
    {
        const int n = NiqeModel.Features;
        var mean = new double[n];
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            int count = 0;
            for (int b = 0; b < blocks; b++)
            {
                double v = features[b * n + j];
                if (double.IsNaN(v)) continue;
                sum += v;
                count++;
            }
            mean[j] = sum / count;
        }

        var rows = Enumerable.Range(0, blocks).Where(b => !HasNaN(features.AsSpan(b * n, n))).ToArray();
        var rowMean = new double[n];
        foreach (int b in rows)
            for (int j = 0; j < n; j++) rowMean[j] += features[b * n + j];
        for (int j = 0; j < n; j++) rowMean[j] /= rows.Length;
        var pooled = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double cov = 0;
                foreach (int b in rows) cov += (features[b * n + i] - rowMean[i]) * (features[b * n + j] - rowMean[j]);
                cov /= rows.Length - 1;
                pooled[i * n + j] = (model.Covariance[i * n + j] + cov) / 2;
            }
        }

        var inverse = SymmetricMatrix.PseudoInverse(pooled, n);
        var diff = new double[n];
        for (int j = 0; j < n; j++) diff[j] = model.Mean[j] - mean[j];
        double quality = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) quality += diff[i] * inverse[i * n + j] * diff[j];
        return Math.Sqrt(quality);
    }

    private static bool HasNaN(ReadOnlySpan<double> values)
    {
        foreach (double v in values) if (double.IsNaN(v)) return true;
        return false;
    }
}
