namespace Esrgan.Imaging;

/// <summary>
/// The rows of an image as the tiler reads them: one band (a tile row with its padding) at a time, top to bottom.
/// A decoded <see cref="Image"/> hands out its whole pixel array; <see cref="StreamedRows"/> decodes the band's rows.
/// </summary>
internal interface IImageRows
{
    int Width { get; }
    int Height { get; }
    int Channels { get; }

    /// <summary>Rows [<paramref name="first"/>, <paramref name="end"/>); a band may not start above the one before.</summary>
    RowBand Band(int first, int end);
}

/// <summary>Interleaved samples that hold a band of rows; <see cref="Pixels"/>[0] is the first sample of row <see cref="FirstRow"/>.</summary>
internal readonly record struct RowBand(float[] Pixels, int FirstRow);
