namespace Esrgan.Upscaling;

/// <summary>
/// A rectangle of interleaved samples inside a larger array: sample k of pixel (y, x) is at
/// <c>Origin + y * RowStride + x * PixelStride + k</c>. A tile reads its crop from the input rows and writes its result
/// into the output band through one, without copying either.
/// </summary>
internal readonly record struct PixelWindow(float[] Pixels, long Origin, int RowStride, int PixelStride)
{
    public long Index(int y, int x) => Origin + (long)y * RowStride + (long)x * PixelStride;

    /// <summary>The same window starting at sample <paramref name="channel"/> of each pixel (the alpha of RGBA is channel 3).</summary>
    public PixelWindow FromChannel(int channel) => this with { Origin = Origin + channel };
}
