namespace Esrgan.Engine;

/// <summary>
/// A batch of <see cref="Images"/> images laid out as one tall image: image n starts at row n * (ImageHeight + Gap),
/// with <see cref="Gap"/> rows of zeros between neighbours. A 3x3 convolution with padding 1 over the stack computes
/// exactly what it computes per image when the gap rows read as zeros (they stand in for the padding), so batched
/// training can run convolutions on channel views of a one-image buffer (which oneDNN's fast kernels accept) instead of
/// copying channel slices of a batch (which they do not).
/// </summary>
internal readonly record struct ImageStack(int Images, int ImageHeight, int Gap)
{
    /// <summary>Rows of the stacked image.</summary>
    public int Height => Images * (ImageHeight + Gap) - Gap;

    /// <summary>The stacked row where image <paramref name="n"/> starts.</summary>
    public int FirstRow(int n) => n * (ImageHeight + Gap);
}
