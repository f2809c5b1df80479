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
            double avx = Run(duration, Fma.IsSupported ? Loop<Avx2Unit, Vector256<float>> : null, 8);
            return new Peaks(avx, double.NaN, Fma.IsSupported ? "AVX2 FMA loop" : "no FMA: peak unknown");
        }
        double fp32 = Run(duration, Loop<Avx512Unit, Vector512<float>>, 16);
        return new Peaks(fp32, 2 * fp32, "AVX-512 FMA loop; bf16 = 2 x fp32 (vdpbf16ps has no .NET intrinsic)");
    }

    /// <summary>
    /// GFLOP/s of all cores running the loop at once (2 FLOPs per lane per FMA), in the fastest of many short rounds:
    /// a process that has just started also runs the JIT's background compilations, which took 5-15% of the cores
    /// from a single one-second round here.
    /// </summary>
    private static double Run(TimeSpan duration, Func<long, Vector512<float>>? loop, int lanes)
    {
        if (loop == null) return double.NaN;
        const long iterations = 1 << 21;
        loop(1 << 16);
        int threads = Environment.ProcessorCount;
        double best = 0;
        var total = Stopwatch.StartNew();
        while (total.Elapsed < duration)
        {
            long start = Stopwatch.GetTimestamp();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => loop(iterations));
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            best = Math.Max(best, threads * iterations * Chains * lanes * 2.0 / seconds / 1e9);
        }
        return best;
    }

    // Optimised at once: a tier-0 loop body spills the accumulators to the stack. The JIT compiles it for each vector
    // width (TUnit is a struct), with the FMAs inlined.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector512<float> Loop<TUnit, TVector>(long iterations) where TUnit : struct, IFmaUnit<TVector> where TVector : struct
    {
        var a = TUnit.Create(0.999f);
        var b = TUnit.Create(1e-7f);
        TVector c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (long i = 0; i < iterations; i++)
        {
            c0 = TUnit.MultiplyAdd(c0, a, b); c1 = TUnit.MultiplyAdd(c1, a, b);
            c2 = TUnit.MultiplyAdd(c2, a, b); c3 = TUnit.MultiplyAdd(c3, a, b);
            c4 = TUnit.MultiplyAdd(c4, a, b); c5 = TUnit.MultiplyAdd(c5, a, b);
            c6 = TUnit.MultiplyAdd(c6, a, b); c7 = TUnit.MultiplyAdd(c7, a, b);
            c8 = TUnit.MultiplyAdd(c8, a, b); c9 = TUnit.MultiplyAdd(c9, a, b);
            c10 = TUnit.MultiplyAdd(c10, a, b); c11 = TUnit.MultiplyAdd(c11, a, b);
        }
        return TUnit.Widen(c0) + TUnit.Widen(c1) + TUnit.Widen(c2) + TUnit.Widen(c3) + TUnit.Widen(c4) + TUnit.Widen(c5)
            + TUnit.Widen(c6) + TUnit.Widen(c7) + TUnit.Widen(c8) + TUnit.Widen(c9) + TUnit.Widen(c10) + TUnit.Widen(c11);
    }

    /// <summary>One vector width's fused multiply-add, for <see cref="Loop"/>.</summary>
    private interface IFmaUnit<TVector>
    {
        static abstract TVector Create(float value);

        static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

        /// <summary>The vector in 512 bits (zeros above), so that the loop's result has one type.</summary>
        static abstract Vector512<float> Widen(TVector value);
    }

    private readonly struct Avx512Unit : IFmaUnit<Vector512<float>>
    {
        public static Vector512<float> Create(float value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Avx512F.FusedMultiplyAdd(a, b, c);

        public static Vector512<float> Widen(Vector512<float> value) => value;
    }

    private readonly struct Avx2Unit : IFmaUnit<Vector256<float>>
    {
        public static Vector256<float> Create(float value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Fma.MultiplyAdd(a, b, c);

        public static Vector512<float> Widen(Vector256<float> value) => Vector512.Create(value, Vector256<float>.Zero);
    }
}
