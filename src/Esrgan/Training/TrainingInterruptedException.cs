namespace Esrgan.Training;

/// <summary>The run was stopped on request after saving a checkpoint it can resume from.</summary>
public sealed class TrainingInterruptedException(long iteration, string checkpoint)
    : Exception($"stopped at iteration {iteration}; checkpoint {checkpoint} saved")
{
    public long Iteration { get; } = iteration;
    public string Checkpoint { get; } = checkpoint;
}
