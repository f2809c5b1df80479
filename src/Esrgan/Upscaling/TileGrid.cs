namespace Esrgan.Upscaling;

/// <summary>A tile: the region it is responsible for, and the larger padded region the network sees.</summary>
public readonly record struct Tile(int X0, int Y0, int X1, int Y1, int PadX0, int PadY0, int PadX1, int PadY1)
{
    public int Width => X1 - X0;
    public int Height => Y1 - Y0;
    public int PaddedWidth => PadX1 - PadX0;
    public int PaddedHeight => PadY1 - PadY0;
}

/// <summary>
/// Splits an image into tile rows. Each tile is extended by the padding on every side (clipped at the image border)
/// and only its centre is kept, so with enough padding the result equals that of the whole image at once.
/// Rows are produced one at a time as they are consumed, so even an enormous image costs one row of tiles.
/// </summary>
public static class TileGrid
{
    public static IEnumerable<IReadOnlyList<Tile>> Rows(int width, int height, int tileSize, int pad)
    {
        if (tileSize <= 0) tileSize = Math.Max(width, height);
        for (int y0 = 0; y0 < height; y0 += Math.Min(tileSize, height - y0))
        {
            int y1 = Math.Min(height, y0 + tileSize);
            var row = new List<Tile>();
            for (int x0 = 0; x0 < width; x0 += Math.Min(tileSize, width - x0))
            {
                int x1 = Math.Min(width, x0 + tileSize);
                row.Add(new Tile(x0, y0, x1, y1, Math.Max(0, x0 - pad), Math.Max(0, y0 - pad), Math.Min(width, x1 + pad), Math.Min(height, y1 + pad)));
            }
            yield return row;
        }
    }

    /// <summary>How many tiles <see cref="Rows"/> yields, without producing them.</summary>
    public static long Count(int width, int height, int tileSize)
    {
        if (tileSize <= 0) tileSize = Math.Max(width, height);
        return ((width + (long)tileSize - 1) / tileSize) * ((height + (long)tileSize - 1) / tileSize);
    }
}
