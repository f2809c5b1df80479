namespace Esrgan.Layers;

/// <summary>A backward pass that does not match the layer's last forward pass (wrong order, or no gradients recorded).</summary>
internal sealed class LayerStateException(string message) : InvalidOperationException(message);
