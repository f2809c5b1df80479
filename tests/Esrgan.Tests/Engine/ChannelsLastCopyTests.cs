using Esrgan.Engine;
using Esrgan.Engine.Cpu;
using Esrgan.Native.Dnnl;
using Xunit;

namespace Esrgan.Tests.Engine;

/// <summary>The channels-last copy-back against oneDNN's reorder of the same data.</summary>
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
            ChannelsLastCopy.Into(md, p, actual, accumulate);
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
        var md = DnnlMemory.Nhwc(n, c, h, w, DnnlApi.DataTypeBf16);
        var expected = new ushort[n * c * h * w];
        var actual = new ushort[expected.Length];
        fixed (ushort* e = expected)
        fixed (ushort* a = actual)
        {
            DnnlMemory.Reorder(DnnlMemory.Describe(src), src.Address, md, e);
            ChannelsLastCopy.ToBFloat16(src, md, a);
        }
        Assert.Equal(expected, actual);
    }
}
