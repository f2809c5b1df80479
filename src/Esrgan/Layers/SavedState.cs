namespace Esrgan.Layers;

/// <summary>
/// Something a layer keeps from a forward pass for its backward pass, stamped with the generation of the forward that
/// made it; reading it checks that no other forward of the layer ran since. Released once backward has used it.
/// </summary>
internal abstract class SavedState
{
    private readonly Module _owner;
    private readonly string _what;
    private long? _generation;

    private protected SavedState(Module owner, string what)
    {
        _owner = owner;
        _what = what;
    }

    /// <summary>Marks the content as made by the owner's current forward, or as absent (no gradients recorded).</summary>
    private protected void Stamp(bool kept) => _generation = kept ? _owner.ForwardGeneration : null;

    /// <summary>Throws <see cref="LayerStateException"/>, naming the layer, unless the content is from its last forward.</summary>
    private protected void Check() => _owner.CheckSaved(_what, _generation);

    internal abstract void Release();
}
