namespace Esrgan.Training;

/// <summary>The run was stopped on request after saving a checkpoint it can resume from.</summary>
internal sealed class TrainingInterruptedException(long iteration, string checkpoint, string resumeCommand)
    : Exception($"stopped at iteration {iteration}; checkpoint {checkpoint} saved. Continue with: {resumeCommand}")
{
    public long Iteration { get; } = iteration;
    public string Checkpoint { get; } = checkpoint;
    public string ResumeCommand { get; } = resumeCommand;
}
