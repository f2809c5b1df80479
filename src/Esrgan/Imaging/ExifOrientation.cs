namespace Esrgan.Imaging;

/// <summary>Turns pixels upright according to the EXIF orientation (1-8, read by <see cref="ExifBlock.Orientation"/>).</summary>
internal static class ExifOrientation
{
    public static Image Apply(Image source, int orientation)
    {
        if (orientation == 1) return source;
        int w = source.Width, h = source.Height, c = source.Channels;
        bool swap = orientation >= 5;
        int outW = swap ? h : w, outH = swap ? w : h;
        var src = source.Pixels;
        var dst = new float[src.Length];
        for (int y = 0; y < outH; y++)
        {
            for (int x = 0; x < outW; x++)
            {
                (int sx, int sy) = orientation switch
                {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x),
                };
                src.AsSpan((int)(((long)sy * w + sx) * c), c).CopyTo(dst.AsSpan((int)(((long)y * outW + x) * c), c));
            }
        }
        return new Image(outW, outH, c, source.BitDepth, dst, source.IccProfile, source.Exif);
    }
}
