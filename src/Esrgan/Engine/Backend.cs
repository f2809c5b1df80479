using Esrgan.Engine.Cpu;

namespace Esrgan.Engine;

/// <summary>The kernel backend in use. The CPU backend is made on first use, which checks that oneDNN is present.</summary>
internal static class Backend
{
    private static readonly Lazy<IKernels> Cpu = new(() => new CpuKernels());
    [ThreadStatic] private static IKernels? _scoped;

    public static IKernels Current => _scoped ?? Cpu.Value;

    /// <summary>
    /// Makes <paramref name="kernels"/> current on this thread until the scope is disposed. Layers take their
    /// convolution kernels from the backend current when they are made, so networks built in the scope keep it.
    /// </summary>
    public static IDisposable Scoped(IKernels kernels)
    {
        var previous = _scoped;
        _scoped = kernels;
        return new RestoringScope(() => _scoped = previous);
    }
}
