using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Esrgan.Native.Dnnl;

namespace Esrgan.Engine.Cpu;

/// <summary>
/// The copies between channel-blocked float32 tensors and the dense channels-last (nhwc) operands of bf16 training
/// kernels. oneDNN 2.6.3's reorders for these pairs ran at about 4 GB/s here and took about 0.45 s of a bf16 training
/// step; each pixel's channels are whole blocks in a row on both sides, so they are block-sized vector operations.
/// Other layouts go through oneDNN.
/// </summary>
internal static unsafe class ChannelsLastCopy
{
    /// <summary>Writes <paramref name="src"/> as dense nhwc bfloat16, rounded to nearest even as oneDNN does.</summary>
    /// <param name="nhwcMd">Describes <paramref name="nhwc"/>: dense nhwc bf16 of src's shape.</param>
    public static void ToBFloat16(Tensor src, MemoryDesc nhwcMd, ushort* nhwc)
    {
        int b = src.Layout.Block;
        if (src.Type != ElementType.Float32 || b != Vector512<float>.Count || src.C % b != 0)
        {
            DnnlMemory.Reorder(DnnlMemory.Describe(src), src.Address, nhwcMd, nhwc);
            return;
        }
        int c = src.C, blocks = c / b, width = src.W;
        long plane = (long)src.H * width * b, image = src.ImageStride;
        float* from = src.Data;
        Parallel.For(0, (long)src.N * src.H, row =>
        {
            long n = row / src.H, y = row % src.H;
            float* source = from + n * image + y * width * b;
            ushort* target = nhwc + (n * src.H + y) * width * c;
            for (int x = 0; x < width; x++)
                for (int k = 0; k < blocks; k++)
                    RoundToBFloat16(Vector512.Load((uint*)(source + k * plane + (long)x * b))).Store(target + (long)x * c + k * b);
        });
    }

    /// <summary>
    /// The upper 16 bits of each float after rounding to nearest even, as vcvtneps2bf16 (oneDNN's conversion) does:
    /// NaNs stay (quiet) NaNs and subnormals become signed zeros.
    /// </summary>
    private static Vector256<ushort> RoundToBFloat16(Vector512<uint> bits)
    {
        var rounded = (bits + Vector512.Create(0x7FFFu) + ((bits >> 16) & Vector512<uint>.One)) >> 16;
        var magnitude = bits & Vector512.Create(0x7FFFFFFFu);
        var nan = Vector512.GreaterThan(magnitude, Vector512.Create(0x7F800000u));
        var subnormal = Vector512.LessThan(magnitude, Vector512.Create(0x00800000u));
        var result = Vector512.ConditionalSelect(nan, (bits >> 16) | Vector512.Create(0x40u), rounded);
        result = Vector512.ConditionalSelect(subnormal, (bits >> 16) & Vector512.Create(0x8000u), result);
        return Vector512.Narrow(result, Vector512<uint>.Zero).GetLower();
    }

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
