namespace Esrgan.Training;

/// <summary>Where a training run stands after an iteration: its loss terms and the speed since the run (re)started.</summary>
internal sealed record TrainingProgress(long Iteration, long FirstIteration, long TotalIterations,
    IReadOnlyDictionary<string, double> Terms, double IterationsPerSecond);

/// <summary>A validation result: the metrics at <paramref name="Iteration"/> and the best value of the first metric so far.</summary>
internal sealed record ValidationReport(long Iteration, string Weights, IReadOnlyDictionary<string, double> Metrics, string BestMetric, double BestValue, long BestIteration);
