namespace Esrgan.Engine.Cpu;

internal sealed unsafe partial class CpuKernels
{
    public void CopyChannels(Tensor src, int srcStart, Tensor dst, int dstStart, int count, bool accumulate)
    {
        if (src.N != dst.N || src.H != dst.H || src.W != dst.W || srcStart < 0 || dstStart < 0 || count <= 0
            || srcStart + count > src.C || dstStart + count > dst.C)
            throw new ArgumentException($"cannot copy channels {srcStart}+{count} of {src.ShapeString} to {dstStart} of {dst.ShapeString}");
        float* s = src.Data, d = dst.Data;
        int h = src.H, w = src.W;
        if (src.Layout.IsPlain && dst.Layout.IsPlain)
        {
            long plane = (long)h * w;
            WorkerTeam.For((long)src.N * count, nc =>
            {
                int n = (int)(nc / count), c = (int)(nc % count);
                var from = new ReadOnlySpan<float>(s + ((long)n * src.C + srcStart + c) * plane, (int)plane);
                var to = new Span<float>(d + ((long)n * dst.C + dstStart + c) * plane, (int)plane);
                if (accumulate) System.Numerics.Tensors.TensorPrimitives.Add(from, to, to);
                else from.CopyTo(to);
            });
            return;
        }
        if (TryCopyWholeBlocks(src, srcStart, dst, dstStart, count, accumulate)) return;
        WorkerTeam.For((long)src.N * h, nh =>
        {
            int n = (int)(nh / h), y = (int)(nh % h);
            for (int c = 0; c < count; c++)
                for (int x = 0; x < w; x++)
                {
                    float v = s[src.Layout.Offset(srcStart + c, y, x, n, src.C, h, w)];
                    long o = dst.Layout.Offset(dstStart + c, y, x, n, dst.C, h, w);
                    d[o] = accumulate ? d[o] + v : v;
                }
        });
    }

    /// <summary>Same blocked layout and block-aligned ranges: each (image, block) is one contiguous run.</summary>
    private static bool TryCopyWholeBlocks(Tensor src, int srcStart, Tensor dst, int dstStart, int count, bool accumulate)
    {
        int b = src.Layout.Block;
        bool wholeBlocks = count % b == 0 || (srcStart + count == src.C && dstStart + count == dst.C);
        if (src.Layout != dst.Layout || srcStart % b != 0 || dstStart % b != 0 || !wholeBlocks) return false;
        long run = (long)src.H * src.W * b;
        int blocks = (count + b - 1) / b;
        long srcImage = src.ImageStride, dstImage = dst.ImageStride;
        float* s = src.Data, d = dst.Data;
        WorkerTeam.For((long)src.N * blocks, nb =>
        {
            long n = nb / blocks, k = nb % blocks;
            var from = new ReadOnlySpan<float>(s + n * srcImage + (srcStart / b + k) * run, (int)run);
            var to = new Span<float>(d + n * dstImage + (dstStart / b + k) * run, (int)run);
            if (accumulate) System.Numerics.Tensors.TensorPrimitives.Add(from, to, to);
            else from.CopyTo(to);
        });
        return true;
    }
}
