namespace Esrgan.Imaging;

/// <summary>
/// Rows of an image too large to decode whole, decoded as the tiler asks for them. Only the band asked for last is
/// held: rows above it are dropped, rows it shares with the previous band are kept, the rest are read. Memory is
/// the tallest band times a row (<see cref="PeakRows"/>), never the image.
/// </summary>
internal sealed class StreamedRows(int width, int height, int channels, Action<Span<float>> readRow) : IImageRows
{
    private float[] _pixels = [];
    private int _first, _count;

    public int Width => width;
    public int Height => height;
    public int Channels => channels;

    /// <summary>The most rows held at once.</summary>
    public int PeakRows { get; private set; }

    public RowBand Band(int first, int end)
    {
        int heldEnd = _first + _count;
        if (first < _first || end < heldEnd || end > height || first >= end)
            throw new InvalidOperationException($"rows [{first}, {end}) do not follow rows [{_first}, {heldEnd}) down the image");
        int rowSamples = checked(width * channels), rows = end - first, kept = Math.Max(0, heldEnd - first);
        var pixels = _pixels.Length >= (long)rows * rowSamples ? _pixels : new float[checked(rows * rowSamples)];
        if (kept > 0) Array.Copy(_pixels, (first - _first) * rowSamples, pixels, 0, kept * rowSamples);
        _pixels = pixels;
        for (int skip = heldEnd; skip < first; skip++) readRow(_pixels.AsSpan(0, rowSamples));
        for (int r = kept; r < rows; r++) readRow(_pixels.AsSpan(r * rowSamples, rowSamples));
        (_first, _count) = (first, rows);
        PeakRows = Math.Max(PeakRows, rows);
        return new RowBand(_pixels, first);
    }
}
