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
        ushort* target = nhwc;
        var from = (uint*)src.Data;
        ForEachBlock(src, (blocked, channelsLast) => RoundToBFloat16(Vector512.Load(from + blocked)).Store(target + channelsLast));
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
        float* source = nhwc, to = dst.Data;
        ForEachBlock(dst, (blocked, channelsLast) =>
        {
            var from = new ReadOnlySpan<float>(source + channelsLast, b);
            var into = new Span<float>(to + blocked, b);
            if (accumulate) TensorPrimitives.Add(from, into, into);
            else from.CopyTo(into);
        });
    }

    /// <summary>
    /// Calls <paramref name="body"/> with the element offsets of each channel block of each pixel in the blocked tensor
    /// and in its dense nhwc counterpart, rows in parallel.
    /// </summary>
    private static void ForEachBlock(Tensor blocked, Action<long, long> body)
    {
        int b = blocked.Layout.Block, c = blocked.C, blocks = c / b, width = blocked.W, height = blocked.H;
        long plane = (long)height * width * b, image = blocked.ImageStride;
        Parallel.For(0, (long)blocked.N * height, row =>
        {
            long n = row / height, y = row % height;
            long blockedRow = n * image + y * width * b, channelsLastRow = row * width * c;
            for (int x = 0; x < width; x++)
                for (int k = 0; k < blocks; k++)
                    body(blockedRow + k * plane + (long)x * b, channelsLastRow + (long)x * c + k * b);
        });
    }
}
