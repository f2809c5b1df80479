using Esrgan.Imaging;
using Xunit;

namespace Esrgan.Tests.Imaging;

public class PngTests
{
    public static TheoryData<int, int> Layouts()
    {
        var data = new TheoryData<int, int>();
        foreach (int bits in new[] { 8, 16 })
            for (int channels = 1; channels <= 4; channels++) data.Add(channels, bits);
        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void RoundTripIsBitExact(int channels, int bitDepth)
    {
        using var data = new ImagingTestData();
        var image = ImagingTestData.Exact(37, 23, channels, bitDepth, seed: channels * bitDepth);
        string path = data.File("out.png");
        ImageCodec.Write(path, image);

        var back = ImageCodec.Read(path);
        Assert.Equal((37, 23, channels, bitDepth), (back.Width, back.Height, back.Channels, back.BitDepth));
        Assert.Equal(ImagingTestData.Quantize(image), ImagingTestData.Quantize(back));
        Assert.Equal(new ImageInfo(37, 23, channels, bitDepth, ImageFormat.Png), ImageCodec.ReadInfo(path));
    }

    [Fact]
    public void IccProfileIsCarriedFromPngToPng()
    {
        using var data = new ImagingTestData();
        byte[] expected = File.ReadAllBytes(ImagingTestData.Fixture("icc.icc"));
        var image = ImageCodec.Read(ImagingTestData.Fixture("icc.png"));
        Assert.Equal(expected, image.IccProfile);

        string path = data.File("copy.png");
        ImageCodec.Write(path, image);
        Assert.Equal(expected, ImageCodec.Read(path).IccProfile);
    }

    [Fact]
    public void FileWithoutProfileHasNone()
    {
        using var data = new ImagingTestData();
        string path = data.File("plain.png");
        ImageCodec.Write(path, ImagingTestData.Exact(4, 4, 3, 8));
        Assert.Null(ImageCodec.Read(path).IccProfile);
    }

    [Theory]
    [InlineData("gray1.png", 8, 1, new[] { 255, 0, 255, 0, 255, 255, 0, 0, 0, 255, 0, 255, 0, 0, 255, 255 })]
    [InlineData("gray2.png", 4, 1, new[] { 0, 85, 170, 255 })]
    [InlineData("gray4.png", 16, 1, new[] { 0, 17, 34, 51, 68, 85, 102, 119, 136, 153, 170, 187, 204, 221, 238, 255 })]
    [InlineData("palette8.png", 4, 3, new[] { 255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30 })]
    [InlineData("palette4_trns.png", 4, 4, new[] { 255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 10, 20, 30, 255 })]
    [InlineData("gray8_trns.png", 3, 2, new[] { 0, 255, 100, 0, 200, 255 })]
    public void LowDepthPaletteAndTransparencyExpandToEightBits(string name, int width, int channels, int[] expected)
    {
        string path = ImagingTestData.Fixture(name);
        var image = ImageCodec.Read(path);
        Assert.Equal((width, channels, 8), (image.Width, image.Channels, image.BitDepth));
        Assert.Equal(expected, ImagingTestData.Quantize(image));
        var info = ImageCodec.ReadInfo(path);
        Assert.Equal((image.Width, image.Height, channels, 8), (info.Width, info.Height, info.Channels, info.BitDepth));
    }

    [Fact]
    public void SixteenBitTransparentColorBecomesAlpha()
    {
        var image = ImageCodec.Read(ImagingTestData.Fixture("rgb16_trns.png"));
        Assert.Equal((4, 16), (image.Channels, image.BitDepth));
        Assert.Equal(new[] { 1000, 2000, 3000, 65535, 4, 5, 6, 0 }, ImagingTestData.Quantize(image));
    }

    [Fact]
    public void CompressionLevelChangesSizeNotPixels()
    {
        using var data = new ImagingTestData();
        var image = ImagingTestData.Gradient(64, 64, 3);
        ImageCodec.Write(data.File("fast.png"), image, new ImageSaveOptions { PngCompressionLevel = 0 });
        ImageCodec.Write(data.File("small.png"), image, new ImageSaveOptions { PngCompressionLevel = 9 });
        Assert.True(new FileInfo(data.File("small.png")).Length < new FileInfo(data.File("fast.png")).Length);
        Assert.Equal(ImagingTestData.Quantize(ImageCodec.Read(data.File("fast.png"))),
            ImagingTestData.Quantize(ImageCodec.Read(data.File("small.png"))));
    }
}
