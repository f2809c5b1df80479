namespace Esrgan.Training.Logging;

/// <summary>One line of log.jsonl: "train" (loss terms, learning rates, speed) or "val" (metrics) at an iteration.</summary>
internal sealed record LogEntry(string Kind, long Iteration, IReadOnlyDictionary<string, double> Values);
