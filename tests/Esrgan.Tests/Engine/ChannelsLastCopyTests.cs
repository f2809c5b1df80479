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
}
