using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>A tensor a layer keeps from its forward pass for its backward pass (only while gradients are recorded).</summary>
internal sealed class SavedTensor : IDisposable
{
    private Tensor? _tensor;

    /// <summary>Keeps a shared reference to <paramref name="tensor"/> when gradients are enabled, dropping any older one.</summary>
    public void Keep(Tensor tensor)
    {
        var previous = _tensor;
        _tensor = GradMode.Enabled ? tensor.Share() : null;
        previous?.Dispose();
    }

    public Tensor Value(string layer) => _tensor
        ?? throw new InvalidOperationException($"{layer}: backward needs a forward pass run with gradients enabled");

    public void Dispose()
    {
        _tensor?.Dispose();
        _tensor = null;
    }
}
