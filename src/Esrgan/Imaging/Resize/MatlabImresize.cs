using System.Numerics.Tensors;

namespace Esrgan.Imaging.Resize;

/// <summary>
/// MATLAB's <c>imresize(img, scale, 'bicubic')</c> (antialiasing on downscale) on interleaved HWC samples,
/// computed in double. Values are not rounded or clipped: that is the caller's choice when storing them.
/// </summary>
internal static class MatlabImresize
{
    /// <summary>Fills <paramref name="row"/> (width * channels samples) with source row <paramref name="y"/>.</summary>
    public delegate void RowReader(int y, Span<double> row);

    /// <summary>Receives output row <paramref name="y"/> (outWidth * channels samples); the span is reused afterwards.</summary>
    public delegate void RowWriter(int y, ReadOnlySpan<double> row);

    /// <summary>MATLAB's output size for a scale factor: ceil(size * scale) on each axis.</summary>
    public static (int Height, int Width) OutputSize(int height, int width, double scale) =>
        (checked((int)Math.Ceiling(height * scale)), checked((int)Math.Ceiling(width * scale)));

    public static double[] Resize(double[] pixels, int height, int width, int channels, double scale, bool antialiasing = true)
    {
        var (outHeight, outWidth) = OutputSize(height, width, scale);
        return Resize(pixels, height, width, channels, new ResizePlan(height, width, outHeight, outWidth, scale, scale, antialiasing));
    }

    /// <summary>Resize to an exact size; as in MATLAB, each axis then uses scale = output / input.</summary>
    public static double[] Resize(double[] pixels, int height, int width, int channels, int outHeight, int outWidth, bool antialiasing = true) =>
        Resize(pixels, height, width, channels, ResizePlan.ToSize(height, width, outHeight, outWidth, antialiasing));

    public static float[] Resize(float[] pixels, int height, int width, int channels, double scale, bool antialiasing = true)
    {
        var (outHeight, outWidth) = OutputSize(height, width, scale);
        return Resize(pixels, height, width, channels, new ResizePlan(height, width, outHeight, outWidth, scale, scale, antialiasing));
    }

    public static float[] Resize(float[] pixels, int height, int width, int channels, int outHeight, int outWidth, bool antialiasing = true) =>
        Resize(pixels, height, width, channels, ResizePlan.ToSize(height, width, outHeight, outWidth, antialiasing));

    /// <summary>
    /// Streaming form: reads source rows on demand (each about once, keeping only one kernel's height of them)
    /// and hands out output rows top to bottom, so neither image needs to be held whole.
    /// </summary>
    public static void ResizeRows(int height, int width, int channels, double scale, RowReader read, RowWriter write, bool antialiasing = true)
    {
        var (outHeight, outWidth) = OutputSize(height, width, scale);
        Run(new ResizePlan(height, width, outHeight, outWidth, scale, scale, antialiasing), channels, read, write);
    }

    private static double[] Resize(double[] pixels, int height, int width, int channels, ResizePlan plan)
    {
        CheckLength(pixels.Length, height, width, channels);
        int inRow = width * channels, outRow = plan.Horizontal.OutLength * channels;
        var result = new double[plan.Vertical.OutLength * outRow];
        Run(plan, channels,
            (y, row) => pixels.AsSpan(y * inRow, inRow).CopyTo(row),
            (y, row) => row.CopyTo(result.AsSpan(y * outRow, outRow)));
        return result;
    }

    private static float[] Resize(float[] pixels, int height, int width, int channels, ResizePlan plan)
    {
        CheckLength(pixels.Length, height, width, channels);
        int inRow = width * channels, outRow = plan.Horizontal.OutLength * channels;
        var result = new float[plan.Vertical.OutLength * outRow];
        Run(plan, channels,
            (y, row) => TensorPrimitives.ConvertChecked<float, double>(pixels.AsSpan(y * inRow, inRow), row),
            (y, row) => TensorPrimitives.ConvertTruncating<double, float>(row, result.AsSpan(y * outRow, outRow)));
        return result;
    }

    private static void CheckLength(int length, int height, int width, int channels)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), "at least one channel is needed");
        if ((long)height * width * channels != length)
            throw new ArgumentException($"expected {height}x{width}x{channels} samples, got {length}");
    }

    /// <summary>Height pass then width pass, done one output row at a time (the same sums as two whole passes).</summary>
    private static void Run(ResizePlan plan, int channels, RowReader read, RowWriter write)
    {
        ResizeAxis v = plan.Vertical, h = plan.Horizontal;
        int inRow = h.InLength * channels;
        var cache = new RowCache(v.Taps, inRow, read);
        var column = new double[inRow];
        var output = new double[h.OutLength * channels];
        for (int y = 0; y < v.OutLength; y++)
        {
            Array.Clear(column);
            for (int k = 0; k < v.Taps; k++)
                TensorPrimitives.MultiplyAdd(cache.Row(v.Indices[y * v.Taps + k]), v.Weights[y * v.Taps + k], column, column);
            ResampleRow(h, channels, column, output);
            write(y, output);
        }
    }

    private static void ResampleRow(ResizeAxis h, int channels, double[] source, double[] output)
    {
        for (int x = 0; x < h.OutLength; x++)
        {
            int first = x * h.Taps;
            for (int c = 0; c < channels; c++)
            {
                double sum = 0;
                for (int k = 0; k < h.Taps; k++) sum += h.Weights[first + k] * source[h.Indices[first + k] * channels + c];
                output[x * channels + c] = sum;
            }
        }
    }

    /// <summary>
    /// The source rows one output row needs span at most <c>taps</c> consecutive indices (mirroring folds
    /// them back inside that span), so a slot per index modulo taps never evicts a row still in use.
    /// </summary>
    private sealed class RowCache(int taps, int rowLength, RowReader read)
    {
        private readonly double[][] _rows = Enumerable.Range(0, taps).Select(_ => new double[rowLength]).ToArray();
        private readonly int[] _held = Enumerable.Repeat(-1, taps).ToArray();

        public double[] Row(int y)
        {
            int slot = y % taps;
            if (_held[slot] != y)
            {
                read(y, _rows[slot]);
                _held[slot] = y;
            }
            return _rows[slot];
        }
    }
}
