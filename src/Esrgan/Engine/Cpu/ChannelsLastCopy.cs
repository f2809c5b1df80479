using System.Numerics.Tensors;
using Esrgan.Native.Dnnl;

namespace Esrgan.Engine.Cpu;

/// <summary>
/// Copies dense channels-last (nhwc) float32 results into a channel-blocked tensor, or adds them to it. oneDNN 2.6.3's
/// reorder for this pair ran at about 4 GB/s here (a quarter of a bf16 training step went to it); each pixel's channels
/// are whole blocks in a row on both sides, so it is block-sized vector copies. Other layouts go through oneDNN.
/// </summary>
internal static unsafe class ChannelsLastCopy
{
    /// <param name="nhwcMd">Describes <paramref name="nhwc"/>: dense nhwc of dst's shape and type.</param>
    public static void Into(MemoryDesc nhwcMd, float* nhwc, Tensor dst, bool accumulate)
    {
        int b = dst.Layout.Block;
        if (dst.Type != ElementType.Float32 || dst.Layout.IsPlain || dst.C % b != 0)
        {
            DnnlMemory.Reorder(nhwcMd, nhwc, DnnlMemory.Describe(dst), dst.Address, accumulate);
            return;
        }
        int c = dst.C, blocks = c / b, width = dst.W;
        long plane = (long)dst.H * width * b, image = dst.ImageStride;
        float* to = dst.Data;
        Parallel.For(0, (long)dst.N * dst.H, row =>
        {
            long n = row / dst.H, y = row % dst.H;
            float* source = nhwc + (n * dst.H + y) * width * c;
            float* target = to + n * image + y * width * b;
            for (int x = 0; x < width; x++)
                for (int k = 0; k < blocks; k++)
                {
                    var from = new ReadOnlySpan<float>(source + (long)x * c + k * b, b);
                    var into = new Span<float>(target + k * plane + (long)x * b, b);
                    if (accumulate) TensorPrimitives.Add(from, into, into);
                    else from.CopyTo(into);
                }
        });
    }
}
