using Esrgan.Engine;

namespace Esrgan.Training.Distributed;

/// <summary>Called by a training step after backward and before the optimiser step, on the parameters it is about to update.</summary>
public interface IGradientSynchronizer
{
    void Synchronize(IReadOnlyList<ParameterData> parameters);
}

/// <summary>One rank: the local gradients are the gradients.</summary>
public sealed class LocalGradients : IGradientSynchronizer
{
    public static LocalGradients Instance { get; } = new();

    public void Synchronize(IReadOnlyList<ParameterData> parameters) { }
}
