namespace Esrgan.Training;

/// <summary>A loss became NaN or infinite; the weights were not updated with it and the saved checkpoints are untouched.</summary>
internal sealed class TrainingDivergedException(string message) : Exception(message);
