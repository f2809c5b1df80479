namespace Esrgan.Upscaling;

/// <summary>
/// The eight flips and transposes of an HWC image used by the x8 self-ensemble (TTA): transform k is an optional
/// transpose (bit 2), then an optional vertical flip (bit 1) and horizontal flip (bit 0).
/// </summary>
internal static class Dihedral
{
    public static (float[] Pixels, int Height, int Width) Apply(float[] src, int height, int width, int channels, int k)
    {
        bool transpose = (k & 4) != 0, flipV = (k & 2) != 0, flipH = (k & 1) != 0;
        int oh = transpose ? width : height, ow = transpose ? height : width;
        var dst = new float[src.Length];
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++)
            {
                int ty = flipV ? oh - 1 - y : y, tx = flipH ? ow - 1 - x : x;
                int sy = transpose ? tx : ty, sx = transpose ? ty : tx;
                Array.Copy(src, ((long)sy * width + sx) * channels, dst, ((long)y * ow + x) * channels, channels);
            }
        return (dst, oh, ow);
    }

    /// <summary>Undoes <see cref="Apply"/> for an image of the transformed size.</summary>
    public static float[] Invert(float[] src, int height, int width, int channels, int k)
    {
        bool transpose = (k & 4) != 0;
        int oh = transpose ? width : height, ow = transpose ? height : width;
        var dst = new float[src.Length];
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++)
            {
                // (y, x) in the original maps to (ty, tx) in the transformed image.
                int ty = transpose ? x : y, tx = transpose ? y : x;
                if ((k & 2) != 0) ty = height - 1 - ty;
                if ((k & 1) != 0) tx = width - 1 - tx;
                Array.Copy(src, ((long)ty * width + tx) * channels, dst, ((long)y * ow + x) * channels, channels);
            }
        return dst;
    }
}
