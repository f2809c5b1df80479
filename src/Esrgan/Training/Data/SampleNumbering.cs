namespace Esrgan.Training.Data;

/// <summary>
/// Which numbered samples a rank draws: the global batch of iteration i is the <see cref="GlobalBatch"/> samples
/// from FirstSample + (i - FirstIteration) * GlobalBatch, and this rank takes the slice starting at
/// <see cref="Offset"/>. With one rank from the start this is (i - 1) * batch + slot, so N ranks of batch B draw
/// exactly the samples one process of batch N * B would.
/// </summary>
public readonly record struct SampleNumbering(long FirstSample, long FirstIteration, int GlobalBatch, int Offset)
{
    public static SampleNumbering SingleProcess(int batchSize) => new(0, 1, batchSize, 0);

    public long Sample(long iteration, int slot) => FirstSample + (iteration - FirstIteration) * GlobalBatch + Offset + slot;

    /// <summary>Global samples drawn by all ranks through the end of <paramref name="iteration"/>.</summary>
    public long DrawnThrough(long iteration) => FirstSample + (iteration - FirstIteration + 1) * GlobalBatch;
}
