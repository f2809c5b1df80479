namespace Esrgan.Formats;

/// <summary>Weights in BasicSR key names, the architecture they fit, and the file format they came from.</summary>
internal sealed record LoadedModel(StateDict Weights, ModelSpec Spec, string Format);
