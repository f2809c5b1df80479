namespace Esrgan.Training.Checkpoints;

/// <summary>
/// The scalar part of a training state: where the run is and what it has found so far. <see cref="SamplesDrawn"/> is
/// the global count of training samples used through <see cref="Iteration"/> and <see cref="RankPositions"/> the next
/// sample number of each rank (absent in states of single-process runs written before data parallelism).
/// </summary>
public sealed record TrainingStateInfo(
    long Iteration,
    int Seed,
    long OptimizerGSteps,
    long OptimizerDSteps,
    double? BestMetric,
    long BestIteration,
    double ElapsedSeconds,
    long? SamplesDrawn = null,
    long[]? RankPositions = null);
