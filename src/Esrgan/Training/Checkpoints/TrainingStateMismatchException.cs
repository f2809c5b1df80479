namespace Esrgan.Training.Checkpoints;

/// <summary>
/// A readable training state that belongs to other options (network shapes, optimiser sizes, seed). Resuming stops
/// on it instead of falling back to an older state, which would not fit either.
/// </summary>
internal sealed class TrainingStateMismatchException(string message, Exception? inner = null) : IOException(message, inner);
