namespace Esrgan.Engine.Cpu;

/// <summary>Spatial kernels: each layout is treated as [outer][H][W][block], so one loop serves plain and blocked.</summary>
internal sealed unsafe partial class CpuKernels
{
    private static long Outer(Tensor t) => (long)t.N * t.Layout.PaddedChannels(t.C) / t.Layout.Block;

    public void UpsampleNearest2x(Tensor src, Tensor dst)
    {
        CheckUpsample(src, dst);
        int b = src.Layout.Block, w = src.W, ow = dst.W;
        float* s = src.Data;
        ForEachRowPair(src, dst, (offset, dstRow0, dstRow1) =>
        {
            float* srcRow = s + offset;
            for (int x = 0; x < w; x++)
            {
                float* px = srcRow + x * b;
                for (int i = 0; i < b; i++)
                {
                    float v = px[i];
                    dstRow0[(2 * x) * b + i] = v;
                    dstRow0[(2 * x + 1) * b + i] = v;
                }
            }
            new Span<float>(dstRow0, ow * b).CopyTo(new Span<float>(dstRow1, ow * b));
        });
    }

    public void UpsampleNearest2xBackward(Tensor diffDst, Tensor diffSrc)
    {
        CheckUpsample(diffSrc, diffDst);
        int b = diffSrc.Layout.Block, w = diffSrc.W;
        float* s = diffSrc.Data;
        ForEachRowPair(diffSrc, diffDst, (offset, r0, r1) =>
        {
            float* srcRow = s + offset;
            for (int x = 0; x < w; x++)
                for (int i = 0; i < b; i++)
                {
                    int a = 2 * x * b + i, c = a + b;
                    srcRow[x * b + i] = r0[a] + r0[c] + r1[a] + r1[c];
                }
        });
    }

    private delegate void RowPair(long smallOffset, float* large0, float* large1);

    /// <summary>
    /// Each row of <paramref name="small"/> (in parallel; by its offset in floats) with the two rows 2y and 2y + 1 of
    /// <paramref name="large"/> that nearest x2 and 2x2 pooling map it to and from.
    /// </summary>
    private static void ForEachRowPair(Tensor small, Tensor large, RowPair body)
    {
        int b = small.Layout.Block, h = small.H, w = small.W, largeW = large.W, largeH = large.H;
        float* l = large.Data;
        WorkerTeam.For(Outer(small) * h, row =>
        {
            long o = row / h;
            int y = (int)(row % h);
            float* large0 = l + (o * largeH + 2 * y) * largeW * b;
            body(row * w * b, large0, large0 + largeW * b);
        });
    }

    private static void CheckUpsample(Tensor small, Tensor large)
    {
        if (small.N != large.N || small.C != large.C || large.H != 2 * small.H || large.W != 2 * small.W || small.Layout != large.Layout)
            throw new ArgumentException($"nearest x2 cannot map {small.ShapeString} to {large.ShapeString}");
    }

    public void MaxPool2x2(Tensor src, Tensor dst, byte[] argmax)
    {
        CheckPool(src, dst, argmax);
        int b = src.Layout.Block, ow = dst.W;
        float* d = dst.Data;
        fixed (byte* arg = argmax)
        {
            byte* a = arg;
            ForEachRowPair(dst, src, (outBase, in0, in1) =>
            {
                for (int x = 0; x < ow; x++)
                    for (int i = 0; i < b; i++)
                    {
                        int p = 2 * x * b + i;
                        float best = in0[p];
                        byte which = 0;
                        if (in0[p + b] > best) { best = in0[p + b]; which = 1; }
                        if (in1[p] > best) { best = in1[p]; which = 2; }
                        if (in1[p + b] > best) { best = in1[p + b]; which = 3; }
                        d[outBase + x * b + i] = best;
                        a[outBase + x * b + i] = which;
                    }
            });
        }
    }

    public void MaxPool2x2Backward(Tensor diffDst, byte[] argmax, Tensor diffSrc)
    {
        CheckPool(diffSrc, diffDst, argmax);
        diffSrc.Span.Clear();
        int b = diffSrc.Layout.Block, ow = diffDst.W;
        float* d = diffDst.Data;
        fixed (byte* arg = argmax)
        {
            byte* a = arg;
            ForEachRowPair(diffDst, diffSrc, (outBase, in0, in1) =>
            {
                for (int x = 0; x < ow; x++)
                    for (int i = 0; i < b; i++)
                    {
                        long q = outBase + x * b + i;
                        int which = a[q];
                        ((which >> 1) == 0 ? in0 : in1)[(2 * x + (which & 1)) * b + i] = d[q];
                    }
            });
        }
    }

    private static void CheckPool(Tensor src, Tensor dst, byte[] argmax)
    {
        if (src.N != dst.N || src.C != dst.C || dst.H != src.H / 2 || dst.W != src.W / 2 || src.Layout != dst.Layout)
            throw new ArgumentException($"max-pool 2x2 cannot map {src.ShapeString} to {dst.ShapeString}");
        if (argmax.LongLength < dst.PhysicalLength) throw new ArgumentException("argmax buffer is too small");
    }

    public void PixelShuffle(Tensor src, Tensor dst, int factor) => Shuffle(src, dst, factor, toSpace: true);

    public void PixelUnshuffle(Tensor src, Tensor dst, int factor) => Shuffle(dst, src, factor, toSpace: false);

    /// <summary>Moves values between (C*r*r, H, W) and (C, H*r, W*r) in PyTorch's channel order.</summary>
    private static void Shuffle(Tensor deep, Tensor wide, int r, bool toSpace)
    {
        if (deep.N != wide.N || deep.C != wide.C * r * r || wide.H != deep.H * r || wide.W != deep.W * r)
            throw new ArgumentException($"pixel (un)shuffle x{r} cannot relate {deep.ShapeString} and {wide.ShapeString}");
        float* dp = deep.Data, wp = wide.Data;
        int c = wide.C, h = deep.H, w = deep.W;
        WorkerTeam.For((long)deep.N * deep.C, nc =>
        {
            int n = (int)(nc / deep.C), cd = (int)(nc % deep.C);
            int cw = cd / (r * r), dy = cd / r % r, dx = cd % r;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    long di = deep.Layout.Offset(cd, y, x, n, deep.C, h, w);
                    long wi = wide.Layout.Offset(cw, y * r + dy, x * r + dx, n, c, wide.H, wide.W);
                    if (toSpace) wp[wi] = dp[di];
                    else dp[di] = wp[wi];
                }
        });
    }
}
