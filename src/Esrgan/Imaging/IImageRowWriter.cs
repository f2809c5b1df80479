namespace Esrgan.Imaging;

/// <summary>
/// Streams an image to disk top to bottom. Nothing replaces the target until <see cref="Commit"/>;
/// disposing without a commit leaves no file behind and the old target intact.
/// </summary>
internal interface IImageRowWriter : IDisposable
{
    int RowsWritten { get; }

    /// <summary>Appends <paramref name="rowCount"/> rows of interleaved float samples (clamped to [0,1]).</summary>
    void WriteRows(ReadOnlySpan<float> hwcRows, int rowCount);

    /// <summary>Finishes the file once every row is written and moves it over the target.</summary>
    void Commit();
}
