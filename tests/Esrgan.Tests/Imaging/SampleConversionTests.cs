using Esrgan.Imaging;
using Xunit;

namespace Esrgan.Tests.Imaging;

public class SampleConversionTests
{
    [Theory]
    [InlineData(0.5f / 255, 1)]
    [InlineData(0.49f / 255, 0)]
    [InlineData(1.5f / 255, 2)]
    [InlineData(254.5f / 255, 255)]
    [InlineData(-0.2f, 0)]
    [InlineData(1.7f, 255)]
    [InlineData(float.NaN, 0)]
    [InlineData(float.PositiveInfinity, 255)]
    public void BytesRoundHalfUpAndClamp(float value, byte expected)
    {
        var result = new byte[1];
        SampleConversion.ToBytes([value], result);
        Assert.Equal(expected, result[0]);
    }

    [Theory]
    [InlineData(0.5f / 65535, 1)]
    [InlineData(1000.5f / 65535, 1001)]
    [InlineData(-1f, 0)]
    [InlineData(2f, 65535)]
    public void WordsRoundHalfUpAndClamp(float value, ushort expected)
    {
        var result = new ushort[1];
        SampleConversion.ToUInt16([value], result);
        Assert.Equal(expected, result[0]);
    }

    [Fact]
    public void EveryByteSurvivesTheFloatRoundTrip()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var floats = new float[256];
        var back = new byte[256];
        SampleConversion.FromBytes(bytes, floats);
        SampleConversion.ToBytes(floats, back);
        Assert.Equal(bytes, back);
    }

    [Fact]
    public void EveryWordSurvivesTheFloatRoundTrip()
    {
        var words = Enumerable.Range(0, 65536).Select(i => (ushort)i).ToArray();
        var floats = new float[words.Length];
        var back = new ushort[words.Length];
        SampleConversion.FromUInt16(words, floats);
        SampleConversion.ToUInt16(floats, back);
        Assert.Equal(words, back);
    }

    [Fact]
    public void ChannelLayoutsConvertForFixedFormats()
    {
        float[] ga = [0.2f, 1f, 0.6f, 0f];
        var rgba = new byte[8];
        SampleConversion.ToBytes(ga, 2, rgba, 4);
        Assert.Equal(new byte[] { 51, 51, 51, 255, 153, 153, 153, 0 }, rgba);
        var gray = new byte[2];
        SampleConversion.ToBytes(ga, 2, gray, 1);
        Assert.Equal(new byte[] { 51, 153 }, gray);
    }
}
