namespace Esrgan.Evaluation;

/// <summary>
/// Pixels prepared the way BasicSR's metrics see them: uint8 codes (tensor2img: x * 255 in float32, rounded half
/// to even), border cropped, then either the Y channel (to_y_channel, float32 steps included) or the colour
/// channels, as float64 planes. Alpha is left out.
/// </summary>
internal sealed class MetricPlanes
{
    private MetricPlanes(int height, int width, int channels, double[] values)
    {
        Height = height;
        Width = width;
        Channels = channels;
        Values = values;
    }

    public int Height { get; }
    public int Width { get; }
    public int Channels { get; }

    /// <summary>Channel-major [Channels, Height, Width].</summary>
    public double[] Values { get; }

    public ReadOnlySpan<double> Plane(int channel) => Values.AsSpan(channel * Height * Width, Height * Width);

    public static MetricPlanes Create(ReadOnlySpan<float> pixels, int height, int width, int channels, int cropBorder, bool yChannel)
    {
        if (channels is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 to 4");
        if ((long)height * width * channels != pixels.Length)
            throw new ArgumentException($"expected {height}x{width}x{channels} samples, got {pixels.Length}");
        ArgumentOutOfRangeException.ThrowIfNegative(cropBorder);
        int h = height - 2 * cropBorder, w = width - 2 * cropBorder;
        if (h < 1 || w < 1) throw new ArgumentException($"a {width}x{height} image has nothing left after cropping {cropBorder} pixels per side");

        int colors = channels >= 3 ? 3 : 1;
        bool toY = yChannel && colors == 3;
        int planes = toY ? 1 : colors;
        var values = new double[planes * h * w];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int source = ((y + cropBorder) * width + x + cropBorder) * channels;
                int target = y * w + x;
                if (toY)
                {
                    values[target] = Luma(Code(pixels[source]), Code(pixels[source + 1]), Code(pixels[source + 2]));
                    continue;
                }
                for (int c = 0; c < planes; c++) values[c * h * w + target] = Code(pixels[source + c]);
            }
        }
        return new MetricPlanes(h, w, planes, values);
    }

    /// <summary>The 8-bit code BasicSR's tensor2img stores for a [0,1] sample.</summary>
    internal static float Code(float sample)
    {
        float clamped = sample >= 0f ? (sample <= 1f ? sample : 1f) : 0f;
        return MathF.Round(clamped * 255f, MidpointRounding.ToEven);
    }

    /// <summary>BasicSR's bgr2ycbcr(y_only) on codes / 255 in float32, result back on the 0-255 scale.</summary>
    internal static double Luma(float r, float g, float b)
    {
        double dot = (b / 255f) * 24.966 + (g / 255f) * 128.553 + (r / 255f) * 65.481;
        return (float)((dot + 16.0) / 255.0) * 255f;
    }

    /// <summary>OpenCV's BGR2GRAY on codes / 255 in float32, back on the 0-255 scale.</summary>
    internal static double Gray(float r, float g, float b) =>
        (0.114f * (b / 255f) + 0.587f * (g / 255f) + 0.299f * (r / 255f)) * 255f;
}
