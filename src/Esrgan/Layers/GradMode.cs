using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>
/// Whether forward passes keep what their backward passes need (like torch.no_grad when off).
/// Inference turns it off so no activation outlives the layer that made it.
/// </summary>
internal static class GradMode
{
    [ThreadStatic] private static bool _disabled;

    public static bool Enabled => !_disabled;

    /// <summary>Turns gradient recording off on this thread until the returned scope is disposed.</summary>
    public static IDisposable Disable()
    {
        bool previous = _disabled;
        _disabled = true;
        return new RestoringScope(() => _disabled = previous);
    }
}
