namespace Esrgan.Upscaling;

/// <summary>
/// The eight flips and transposes of an image used by the x8 self-ensemble (TTA), as coordinate maps: transform k is
/// an optional transpose (bit 2), then an optional vertical flip (bit 1) and horizontal flip (bit 0).
/// </summary>
internal static class Dihedral
{
    /// <summary>The size of a height x width image after transform <paramref name="k"/>.</summary>
    public static (int Height, int Width) Size(int k, int height, int width) => (k & 4) != 0 ? (width, height) : (height, width);

    /// <summary>The pixel of the original image that pixel (y, x) of the transformed one (height x width) shows.</summary>
    public static (int Y, int X) Source(int k, int y, int x, int height, int width)
    {
        int ty = (k & 2) != 0 ? height - 1 - y : y, tx = (k & 1) != 0 ? width - 1 - x : x;
        return (k & 4) != 0 ? (tx, ty) : (ty, tx);
    }

    /// <summary>The pixel of the transformed image (height x width) that shows pixel (y, x) of the original: the inverse of <see cref="Source"/>.</summary>
    public static (int Y, int X) Target(int k, int y, int x, int height, int width)
    {
        int ty = (k & 4) != 0 ? x : y, tx = (k & 4) != 0 ? y : x;
        return ((k & 2) != 0 ? height - 1 - ty : ty, (k & 1) != 0 ? width - 1 - tx : tx);
    }
}
