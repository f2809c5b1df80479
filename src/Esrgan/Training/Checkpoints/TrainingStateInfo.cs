namespace Esrgan.Training.Checkpoints;

/// <summary>The scalar part of a training state: where the run is and what it has found so far.</summary>
internal sealed record TrainingStateInfo(
    long Iteration,
    int Seed,
    long OptimizerGSteps,
    long OptimizerDSteps,
    double? BestMetric,
    long BestIteration,
    double ElapsedSeconds);
