namespace Esrgan.Engine.Cpu;

/// <summary>Upsampling by any integer factor, nearest and bilinear, on the [outer][H][W][block] view of both layouts.</summary>
internal sealed unsafe partial class CpuKernels
{
    public void UpsampleNearest(Tensor src, Tensor dst, int factor)
    {
        CheckResize(src, dst, factor, "nearest");
        int b = src.Layout.Block, f = factor;
        float* s = src.Data, d = dst.Data;
        WorkerTeam.For(Outer(src) * dst.H, row =>
        {
            long o = row / dst.H;
            int y = (int)(row % dst.H);
            float* srcRow = s + (o * src.H + y / f) * src.W * b;
            float* dstRow = d + row * dst.W * b;
            for (int x = 0; x < dst.W; x++)
                new Span<float>(srcRow + x / f * b, b).CopyTo(new Span<float>(dstRow + x * b, b));
        });
    }

    public void UpsampleNearestBackward(Tensor diffDst, Tensor diffSrc, int factor)
    {
        CheckResize(diffSrc, diffDst, factor, "nearest");
        int b = diffSrc.Layout.Block, f = factor, ow = diffDst.W;
        float* s = diffSrc.Data, d = diffDst.Data;
        WorkerTeam.For(Outer(diffSrc) * diffSrc.H, row =>
        {
            long o = row / diffSrc.H;
            int y = (int)(row % diffSrc.H);
            float* srcRow = s + row * diffSrc.W * b;
            float* block = d + (o * diffDst.H + y * f) * ow * b;
            for (int x = 0; x < diffSrc.W; x++)
                for (int i = 0; i < b; i++)
                {
                    float sum = 0;
                    for (int dy = 0; dy < f; dy++)
                        for (int dx = 0; dx < f; dx++)
                            sum += block[(dy * ow + x * f + dx) * b + i];
                    srcRow[x * b + i] = sum;
                }
        });
    }

    public void UpsampleBilinear(Tensor src, Tensor dst, int factor)
    {
        CheckResize(src, dst, factor, "bilinear");
        var rows = LinearTaps(src.H, dst.H, factor);
        var cols = LinearTaps(src.W, dst.W, factor);
        int b = src.Layout.Block, w = src.W;
        float* s = src.Data, d = dst.Data;
        WorkerTeam.For(Outer(src) * dst.H, row =>
        {
            long o = row / dst.H;
            var ty = rows[row % dst.H];
            float* r0 = s + (o * src.H + ty.I0) * w * b, r1 = s + (o * src.H + ty.I1) * w * b;
            float* dstRow = d + row * dst.W * b;
            for (int x = 0; x < dst.W; x++)
            {
                var tx = cols[x];
                long a = (long)tx.I0 * b, c = (long)tx.I1 * b;
                for (int i = 0; i < b; i++)
                    dstRow[x * b + i] = ty.W0 * (tx.W0 * r0[a + i] + tx.W1 * r0[c + i]) + ty.W1 * (tx.W0 * r1[a + i] + tx.W1 * r1[c + i]);
            }
        });
    }

    public void UpsampleBilinearBackward(Tensor diffDst, Tensor diffSrc, int factor)
    {
        CheckResize(diffSrc, diffDst, factor, "bilinear");
        var rows = LinearTaps(diffSrc.H, diffDst.H, factor);
        var cols = LinearTaps(diffSrc.W, diffDst.W, factor);
        int b = diffSrc.Layout.Block, w = diffSrc.W;
        long plane = (long)diffSrc.H * w * b, bigPlane = (long)diffDst.H * diffDst.W * b;
        float* s = diffSrc.Data, d = diffDst.Data;
        // One task per plane: the scatter of neighbouring output rows overlaps in the input.
        WorkerTeam.For(Outer(diffSrc), o =>
        {
            float* p = s + o * plane;
            new Span<float>(p, checked((int)plane)).Clear();
            for (int y = 0; y < diffDst.H; y++)
            {
                var ty = rows[y];
                float* r0 = p + (long)ty.I0 * w * b, r1 = p + (long)ty.I1 * w * b;
                float* g = d + o * bigPlane + (long)y * diffDst.W * b;
                for (int x = 0; x < diffDst.W; x++)
                {
                    var tx = cols[x];
                    long a = (long)tx.I0 * b, c = (long)tx.I1 * b;
                    for (int i = 0; i < b; i++)
                    {
                        float v = g[x * b + i];
                        r0[a + i] += ty.W0 * tx.W0 * v;
                        r0[c + i] += ty.W0 * tx.W1 * v;
                        r1[a + i] += ty.W1 * tx.W0 * v;
                        r1[c + i] += ty.W1 * tx.W1 * v;
                    }
                }
            }
        });
    }

    private readonly record struct LinearTap(int I0, int I1, float W0, float W1);

    /// <summary>PyTorch's source positions for align_corners=False: (i + 0.5) / factor - 0.5, clamped at 0.</summary>
    private static LinearTap[] LinearTaps(int inSize, int outSize, int factor)
    {
        float scale = 1f / factor;
        var taps = new LinearTap[outSize];
        for (int i = 0; i < outSize; i++)
        {
            float source = Math.Max(scale * (i + 0.5f) - 0.5f, 0f);
            int i0 = (int)source;
            float w1 = Math.Clamp(source - i0, 0f, 1f);
            taps[i] = new LinearTap(i0, i0 < inSize - 1 ? i0 + 1 : i0, 1f - w1, w1);
        }
        return taps;
    }

    private static void CheckResize(Tensor small, Tensor large, int factor, string mode)
    {
        if (factor < 1 || small.N != large.N || small.C != large.C || large.H != factor * small.H || large.W != factor * small.W
            || small.Layout != large.Layout)
            throw new ArgumentException($"{mode} x{factor} cannot map {small.ShapeString} to {large.ShapeString}");
    }
}
