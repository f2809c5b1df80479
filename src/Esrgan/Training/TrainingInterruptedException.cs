namespace Esrgan.Training;

/// <summary>The run was stopped on request after saving a checkpoint it can resume from.</summary>
internal sealed class TrainingInterruptedException(string message) : Exception(message);
