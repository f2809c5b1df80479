namespace Esrgan.Imaging;

/// <summary>Argument checks shared by the row writers.</summary>
internal static class RowWriterChecks
{
    public static void Rows(string path, ReadOnlySpan<float> rows, int rowCount, int rowSamples, int rowsWritten, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if (rows.Length != (long)rowCount * rowSamples)
            throw new ArgumentException($"{path}: {rowCount} rows need {(long)rowCount * rowSamples} samples, got {rows.Length}");
        if (rowsWritten + rowCount > height)
            throw new InvalidOperationException($"{path}: writing {rowCount} rows after {rowsWritten} exceeds the height {height}");
    }

    public static void Complete(string path, int rowsWritten, int height)
    {
        if (rowsWritten != height)
            throw new InvalidOperationException($"{path}: only {rowsWritten} of {height} rows were written");
    }
}
