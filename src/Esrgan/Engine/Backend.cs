using Esrgan.Engine.Cpu;

namespace Esrgan.Engine;

/// <summary>The kernel backend in use. The CPU backend is made on first use, which checks that oneDNN is present.</summary>
public static class Backend
{
    private static readonly Lazy<IKernels> Cpu = new(() => new CpuKernels());
    private static IKernels? _override;

    public static IKernels Current => _override ?? Cpu.Value;

    /// <summary>Replaces the backend for the whole process (for another device).</summary>
    public static void Use(IKernels kernels) => _override = kernels;
}
