namespace Esrgan.Layers;

/// <summary>A managed value (statistics, indices, shapes) a layer keeps from a forward pass for its backward pass.</summary>
internal sealed class Saved<T> : SavedState where T : notnull
{
    private T? _value;

    internal Saved(Module owner, string what) : base(owner, what) { }

    /// <summary>Keeps <paramref name="value"/> when gradients are enabled, else forgets the older one.</summary>
    public void Keep(T value)
    {
        _value = GradMode.Enabled ? value : default;
        Stamp(GradMode.Enabled);
    }

    /// <summary>The value kept by the owner's last forward.</summary>
    public T Value
    {
        get
        {
            Check();
            return _value!;
        }
    }

    internal override void Release()
    {
        _value = default;
        Stamp(false);
    }
}
