using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>A tensor a layer keeps from a forward pass for its backward pass (only while gradients are recorded).</summary>
internal sealed class SavedTensor : SavedState, IDisposable
{
    private Tensor? _tensor;

    internal SavedTensor(Module owner, string what) : base(owner, what) { }

    /// <summary>Keeps a shared reference to <paramref name="tensor"/> when gradients are enabled, dropping any older one.</summary>
    public void Keep(Tensor tensor)
    {
        var previous = _tensor;
        _tensor = GradMode.Enabled ? tensor.Share() : null;
        Stamp(_tensor != null);
        previous?.Dispose();
    }

    /// <summary>The tensor kept by the owner's last forward.</summary>
    public Tensor Value
    {
        get
        {
            Check();
            return _tensor!;
        }
    }

    internal override void Release() => Dispose();

    public void Dispose()
    {
        _tensor?.Dispose();
        _tensor = null;
        Stamp(false);
    }
}
