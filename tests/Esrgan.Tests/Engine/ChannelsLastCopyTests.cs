using Esrgan.Engine;
using Esrgan.Engine.Cpu;
using Esrgan.Native.Dnnl;
using Xunit;

namespace Esrgan.Tests.Engine;

/// <summary>The channels-last copies against oneDNN's reorders of the same data.</summary>
public unsafe class ChannelsLastCopyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EqualsOneDnnReorder(bool accumulate)
    {
        var layout = Backend.Current.ActivationLayout;
        const int n = 2, c = 48, h = 5, w = 7;
        var nhwc = new float[n * c * h * w];
        var random = new Random(5);
        for (int i = 0; i < nhwc.Length; i++) nhwc[i] = random.NextSingle();
        using var expected = ConvolutionAlgorithmTests.Filled("dst", n, c, h, w, layout);
        using var actual = ConvolutionAlgorithmTests.Filled("dst", n, c, h, w, layout);
        var md = DnnlMemory.Nhwc(n, c, h, w, DnnlApi.DataTypeF32);
        fixed (float* p = nhwc)
        {
            DnnlMemory.Reorder(md, p, DnnlMemory.Describe(expected), expected.Address, accumulate);
            ChannelsLastCopy.Into(p, actual, stack: null, accumulate);
        }
        Assert.Equal(expected.ToHost().Data, actual.ToHost().Data);
    }

    /// <summary>Rounding to nearest even, ties included, with infinities, NaN and subnormals, against oneDNN.</summary>
    [Fact]
    public void BFloat16ConversionEqualsOneDnnReorderBitForBit()
    {
        var layout = Backend.Current.ActivationLayout;
        const int n = 2, c = 32, h = 3, w = 5;
        using var src = ConvolutionAlgorithmTests.Filled("src", n, c, h, w, layout);
        var values = src.Span;
        float[] special = [float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1e-40f, -0f,
            BitConverter.UInt32BitsToSingle(0x3F808000), BitConverter.UInt32BitsToSingle(0x3F818000), BitConverter.UInt32BitsToSingle(0x3F80FFFF)];
        special.CopyTo(values);
        AssertBFloat16CopyEqualsOneDnn(src, src, stack: null);
    }

    /// <summary>Converting to bfloat16 in the same layout (done in C#) equals oneDNN's reorder bit for bit.</summary>
    [Fact]
    public void SameLayoutBFloat16ConversionEqualsOneDnnReorderBitForBit()
    {
        var layout = Backend.Current.ActivationLayout;
        using var src = ConvolutionAlgorithmTests.Filled("src", 2, 24, 7, 9, layout);
        float[] special = [float.PositiveInfinity, float.NaN, 1e-40f, -0f, BitConverter.UInt32BitsToSingle(0x3F808000),
            BitConverter.UInt32BitsToSingle(0x3F818000)];
        special.CopyTo(src.Span);
        using var expected = Tensor.Empty(2, 24, 7, 9, layout, ElementType.BFloat16);
        using var actual = Tensor.Empty(2, 24, 7, 9, layout, ElementType.BFloat16);
        DnnlMemory.Reorder(DnnlMemory.Describe(src), src.Address, DnnlMemory.Describe(expected), expected.Address);
        Backend.Current.Reorder(src, actual);
        long count = src.PhysicalLength;
        Assert.Equal(new ReadOnlySpan<ushort>(expected.Address, (int)count).ToArray(), new ReadOnlySpan<ushort>(actual.Address, (int)count).ToArray());
    }

    /// <summary>
    /// A stack is copied as the batch it holds, bit for bit as oneDNN copies the batch itself, for plain and blocked
    /// layouts and for a channel count that leaves a partial block; copying back zeroes the gap rows.
    /// </summary>
    [Theory]
    [InlineData(1, 32)]
    [InlineData(16, 32)]
    [InlineData(16, 20)]
    public void AStackIsCopiedAsItsBatch(int block, int c)
    {
        var layout = new TensorLayout(block);
        const int n = 3, h = 4, w = 6;
        var stack = new ImageStack(n, h, 1);
        var k = Backend.Current;
        using var batch = ConvolutionAlgorithmTests.Filled("batch", n, c, h, w, layout);
        using var stacked = Tensor.Empty(1, c, stack.Height, w, layout);
        using (var sevens = Tensor.Empty(1, c, stack.Height, w, TensorLayout.Plain))
        {
            sevens.Span.Fill(7f);
            k.Reorder(sevens, stacked);
        }
        k.Stack(batch, stacked, stack);
        AssertBFloat16CopyEqualsOneDnn(batch, stacked, stack);

        var nhwc = new float[n * c * h * w];
        var random = new Random(9);
        for (int i = 0; i < nhwc.Length; i++) nhwc[i] = random.NextSingle();
        var md = DnnlMemory.Nhwc(n, c, h, w, DnnlApi.DataTypeF32);
        using var images = Tensor.Empty(n, c, h, w, layout);
        fixed (float* p = nhwc)
        {
            DnnlMemory.Reorder(md, p, DnnlMemory.Describe(images), images.Address);
            ChannelsLastCopy.Into(p, stacked, stack, accumulate: false);
        }
        var tall = stacked.ToHost().Data;
        var rows = images.ToHost().Data;
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < stack.Height; y++)
                for (int x = 0; x < w; x++)
                {
                    int image = y / (h + 1), row = y % (h + 1);
                    float want = row == h ? 0f : rows[((image * c + ch) * h + row) * w + x];
                    Assert.Equal(want, tall[(ch * stack.Height + y) * w + x]);
                }
    }

    /// <summary>Our nhwc bf16 copy of <paramref name="copied"/> (a stack of, or the same as, batch) against oneDNN's of <paramref name="batch"/>.</summary>
    private static void AssertBFloat16CopyEqualsOneDnn(Tensor batch, Tensor copied, ImageStack? stack)
    {
        var md = DnnlMemory.Nhwc(batch.N, batch.C, batch.H, batch.W, DnnlApi.DataTypeBf16);
        var expected = new ushort[batch.LogicalLength];
        var actual = new ushort[expected.Length];
        fixed (ushort* e = expected)
        fixed (ushort* a = actual)
        {
            DnnlMemory.Reorder(DnnlMemory.Describe(batch), batch.Address, md, e);
            ChannelsLastCopy.ToBFloat16(copied, stack, a);
        }
        Assert.Equal(expected, actual);
    }
}
