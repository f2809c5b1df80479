using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Esrgan.Cli.Bench;

/// <summary>
/// This machine's arithmetic peaks, measured with a short loop on every core: 12 independent chains of 512-bit fused
/// multiply-adds (enough to cover FMA latency times throughput). .NET 10 has no AVX512_BF16 intrinsics
/// (vdpbf16ps), so the bf16 peak is derived: one vdpbf16ps does twice the multiply-accumulates of one vfmadd231ps
/// at the same issue rate on CPUs that have it, hence twice the fp32 peak (an upper bound: a C loop on Zen 5 reaches
/// about 1.8 times).
/// </summary>
internal static class MachinePeak
{
    private const int Chains = 12;

    public sealed record Peaks(double Float32GflopPerSecond, double BFloat16GflopPerSecond, string Method);

    public static Peaks Measure(TimeSpan duration)
    {
        if (!Avx512F.IsSupported)
        {
            double avx = Run(duration, Fma.IsSupported ? Avx2Loop : null, 8);
            return new Peaks(avx, double.NaN, Fma.IsSupported ? "AVX2 FMA loop" : "no FMA: peak unknown");
        }
        double fp32 = Run(duration, Avx512Loop, 16);
        return new Peaks(fp32, 2 * fp32, "AVX-512 FMA loop; bf16 = 2 x fp32 (vdpbf16ps has no .NET intrinsic)");
    }

    /// <summary>GFLOP/s of all cores running the loop at once (2 FLOPs per lane per FMA).</summary>
    private static double Run(TimeSpan duration, Func<long, Vector512<float>>? loop, int lanes)
    {
        if (loop == null) return double.NaN;
        const long iterations = 1 << 22;
        loop(1 << 16);
        int threads = Environment.ProcessorCount;
        long rounds = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => loop(iterations));
            rounds++;
        }
        return rounds * threads * iterations * Chains * lanes * 2.0 / watch.Elapsed.TotalSeconds / 1e9;
    }

    // Optimised at once: a tier-0 loop body spills the accumulators to the stack.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector512<float> Avx512Loop(long iterations)
    {
        var a = Vector512.Create(0.999f);
        var b = Vector512.Create(1e-7f);
        Vector512<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(c0, a, b); c1 = Avx512F.FusedMultiplyAdd(c1, a, b);
            c2 = Avx512F.FusedMultiplyAdd(c2, a, b); c3 = Avx512F.FusedMultiplyAdd(c3, a, b);
            c4 = Avx512F.FusedMultiplyAdd(c4, a, b); c5 = Avx512F.FusedMultiplyAdd(c5, a, b);
            c6 = Avx512F.FusedMultiplyAdd(c6, a, b); c7 = Avx512F.FusedMultiplyAdd(c7, a, b);
            c8 = Avx512F.FusedMultiplyAdd(c8, a, b); c9 = Avx512F.FusedMultiplyAdd(c9, a, b);
            c10 = Avx512F.FusedMultiplyAdd(c10, a, b); c11 = Avx512F.FusedMultiplyAdd(c11, a, b);
        }
        return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector512<float> Avx2Loop(long iterations)
    {
        var a = Vector256.Create(0.999f);
        var b = Vector256.Create(1e-7f);
        Vector256<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, a, b); c1 = Fma.MultiplyAdd(c1, a, b);
            c2 = Fma.MultiplyAdd(c2, a, b); c3 = Fma.MultiplyAdd(c3, a, b);
            c4 = Fma.MultiplyAdd(c4, a, b); c5 = Fma.MultiplyAdd(c5, a, b);
            c6 = Fma.MultiplyAdd(c6, a, b); c7 = Fma.MultiplyAdd(c7, a, b);
            c8 = Fma.MultiplyAdd(c8, a, b); c9 = Fma.MultiplyAdd(c9, a, b);
            c10 = Fma.MultiplyAdd(c10, a, b); c11 = Fma.MultiplyAdd(c11, a, b);
        }
        return Vector512.Create(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11, Vector256<float>.Zero);
    }
}
