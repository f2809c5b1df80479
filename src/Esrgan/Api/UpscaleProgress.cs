namespace Esrgan;

/// <summary>How far an upscale has come, reported after every tile.</summary>
/// <param name="TilesDone">Tiles finished so far.</param>
/// <param name="TileCount">Tiles of the whole image.</param>
/// <param name="Elapsed">Time since the upscale started.</param>
public readonly record struct UpscaleProgress(int TilesDone, int TileCount, TimeSpan Elapsed)
{
    /// <summary>The finished share, from 0 to 1.</summary>
    public double Fraction => TileCount == 0 ? 1 : (double)TilesDone / TileCount;

    /// <summary>The remaining time at the rate so far; null before the first tile is done.</summary>
    public TimeSpan? Remaining => TilesDone == 0 ? null : Elapsed / TilesDone * (TileCount - TilesDone);
}
