namespace Esrgan.Engine.Cpu;

/// <summary>
/// Per-channel kernels. A tensor is walked as runs that share one channel pattern: in plain NCHW a run is one
/// channel's H*W values; in nChw{B}c a run is one pixel's B consecutive channels. Padding channels stay zero.
/// </summary>
internal sealed unsafe partial class CpuKernels
{
    /// <summary>Calls <paramref name="body"/> for each contiguous run with (offset, length, first channel, channel step).</summary>
    private static void ForEachRun(Tensor t, Action<long, int, int, int> body)
    {
        long hw = (long)t.H * t.W;
        if (t.Layout.IsPlain)
        {
            WorkerTeam.For((long)t.N * t.C, nc => body(nc * hw, (int)hw, (int)(nc % t.C), 0));
            return;
        }
        int b = t.Layout.Block, blocks = t.Layout.PaddedChannels(t.C) / b;
        WorkerTeam.For((long)t.N * blocks, nb =>
        {
            int c0 = (int)(nb % blocks) * b;
            long start = nb * hw * b;
            for (long p = 0; p < hw; p++) body(start + p * b, b, c0, 1);
        });
    }

    private static void CheckChannels(Tensor t, int count, string what)
    {
        if (count != t.C && count != 1) throw new ArgumentException($"{what} has {count} values for {t.C} channels");
    }

    public void AddChannelBias(Tensor src, ReadOnlySpan<float> bias, Tensor dst) =>
        ChannelAffine(src, null, bias.ToArray(), dst);

    public void ChannelAffine(Tensor src, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Tensor dst) =>
        ChannelAffine(src, scale.ToArray(), shift.ToArray(), dst);

    private static void ChannelAffine(Tensor src, float[]? scale, float[] shift, Tensor dst)
    {
        RequireSameLayout(src, dst);
        CheckChannels(src, shift.Length, "shift");
        float* s = src.Data, d = dst.Data;
        int channels = src.C;
        ForEachRun(src, (offset, length, c0, step) =>
        {
            for (int i = 0; i < length; i++)
            {
                int c = c0 + i * step;
                if (c >= channels) { d[offset + i] = 0; continue; }
                float k = scale == null ? 1f : scale[scale.Length == 1 ? 0 : c];
                d[offset + i] = s[offset + i] * k + shift[shift.Length == 1 ? 0 : c];
            }
        });
    }

    public void PRelu(Tensor src, ReadOnlySpan<float> slopes, Tensor dst)
    {
        RequireSameLayout(src, dst);
        CheckChannels(src, slopes.Length, "PReLU slopes");
        float[] a = slopes.ToArray();
        bool shared = a.Length == 1;
        float* s = src.Data, d = dst.Data;
        int channels = src.C;
        ForEachRun(src, (offset, length, c0, step) =>
        {
            for (int i = 0; i < length; i++)
            {
                int c = c0 + i * step;
                float v = s[offset + i];
                d[offset + i] = v > 0 || c >= channels ? v : v * a[shared ? 0 : c];
            }
        });
    }

    public void PReluBackward(Tensor src, ReadOnlySpan<float> slopes, Tensor diffDst, Tensor diffSrc, Span<float> diffSlopes)
    {
        RequireSameLayout(src, diffDst);
        RequireSameLayout(src, diffSrc);
        CheckChannels(src, slopes.Length, "PReLU slopes");
        float[] a = slopes.ToArray();
        bool shared = a.Length == 1;
        int channels = src.C;
        var partial = new double[channels];
        float* s = src.Data, g = diffDst.Data, d = diffSrc.Data;
        ForEachRun(src, (offset, length, c0, step) =>
        {
            Span<double> local = stackalloc double[step == 0 ? 1 : length];
            for (int i = 0; i < length; i++)
            {
                int c = c0 + i * step;
                float v = s[offset + i], grad = g[offset + i];
                if (c >= channels) { d[offset + i] = 0; continue; }
                if (v > 0) d[offset + i] = grad;
                else
                {
                    d[offset + i] = grad * a[shared ? 0 : c];
                    local[step == 0 ? 0 : i] += grad * v;
                }
            }
            lock (partial)
                for (int i = 0; i < local.Length; i++)
                {
                    int c = c0 + i * step;
                    if (c < channels) partial[c] += local[i];
                }
        });
        for (int c = 0; c < channels; c++) diffSlopes[shared ? 0 : c] += (float)partial[c];
    }

    public void ChannelMeanVariance(Tensor src, Span<double> mean, Span<double> variance)
    {
        var (sum, sumSq) = ChannelSums(src, src, square: true);
        double count = (double)src.N * src.H * src.W;
        for (int c = 0; c < src.C; c++)
        {
            mean[c] = sum[c] / count;
            variance[c] = Math.Max(0, sumSq[c] / count - mean[c] * mean[c]);
        }
    }

    public void ChannelGradientSums(Tensor src, Tensor diffDst, Span<double> sumDiff, Span<double> sumDiffTimesSrc)
    {
        RequireSameLayout(src, diffDst);
        var (sum, sumProduct) = ChannelSums(diffDst, src, square: false);
        sum.CopyTo(sumDiff);
        sumProduct.CopyTo(sumDiffTimesSrc);
    }

    /// <summary>Per-channel sum of a and of a*b (b = a when square).</summary>
    private static (double[] Sum, double[] Product) ChannelSums(Tensor a, Tensor b, bool square)
    {
        int channels = a.C;
        var sum = new double[channels];
        var product = new double[channels];
        float* pa = a.Data, pb = b.Data;
        ForEachRun(a, (offset, length, c0, step) =>
        {
            int slots = step == 0 ? 1 : length;
            Span<double> s = stackalloc double[slots], p = stackalloc double[slots];
            for (int i = 0; i < length; i++)
            {
                double x = pa[offset + i], y = square ? x : pb[offset + i];
                int slot = step == 0 ? 0 : i;
                s[slot] += x;
                p[slot] += x * y;
            }
            lock (sum)
                for (int i = 0; i < slots; i++)
                {
                    int c = c0 + i * step;
                    if (c >= channels) continue;
                    sum[c] += s[i];
                    product[c] += p[i];
                }
        });
        return (sum, product);
    }

    public void ChannelCombine(Tensor diffDst, ReadOnlySpan<float> a, Tensor src, ReadOnlySpan<float> b, ReadOnlySpan<float> c0, Tensor dst)
    {
        RequireSameLayout(diffDst, src);
        RequireSameLayout(diffDst, dst);
        float[] ka = a.ToArray(), kb = b.ToArray(), kc = c0.ToArray();
        float* g = diffDst.Data, s = src.Data, d = dst.Data;
        int channels = src.C;
        ForEachRun(src, (offset, length, first, step) =>
        {
            for (int i = 0; i < length; i++)
            {
                int c = first + i * step;
                d[offset + i] = c >= channels ? 0 : ka[c] * g[offset + i] + kb[c] * s[offset + i] + kc[c];
            }
        });
    }
}
