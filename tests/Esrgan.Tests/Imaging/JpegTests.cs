using Esrgan.Imaging;
using Xunit;

namespace Esrgan.Tests.Imaging;

public class JpegTests
{
    [Theory]
    [InlineData(3, 95, 0.006, 0.06)]
    [InlineData(3, 75, 0.015, 0.15)]
    [InlineData(1, 95, 0.006, 0.06)]
    public void QualityRoundTripStaysWithinBounds(int channels, int quality, double meanBound, double maxBound)
    {
        using var data = new ImagingTestData();
        var image = ImagingTestData.Gradient(96, 64, channels);
        string path = data.File("out.jpg");
        ImageCodec.Write(path, image, new ImageSaveOptions { JpegQuality = quality });

        var back = ImageCodec.Read(path);
        Assert.Equal((96, 64, channels, 8), (back.Width, back.Height, back.Channels, back.BitDepth));
        var errors = image.Pixels.Zip(back.Pixels, (a, b) => Math.Abs(a - b)).ToArray();
        Assert.True(errors.Average() < meanBound, $"mean error {errors.Average()}");
        Assert.True(errors.Max() < maxBound, $"max error {errors.Max()}");
    }

    [Fact]
    public void HigherQualityGivesSmallerError()
    {
        using var data = new ImagingTestData();
        var image = ImagingTestData.Exact(64, 64, 3, 8);
        double Error(int quality)
        {
            string path = data.File($"q{quality}.jpg");
            ImageCodec.Write(path, image, new ImageSaveOptions { JpegQuality = quality });
            return image.Pixels.Zip(ImageCodec.Read(path).Pixels, (a, b) => Math.Abs(a - b)).Average();
        }
        Assert.True(Error(98) < Error(60));
    }

    [Fact]
    public void AlphaIsDroppedWhenWritingJpeg()
    {
        using var data = new ImagingTestData();
        string path = data.File("rgba.jpg");
        ImageCodec.Write(path, ImagingTestData.Gradient(32, 32, 4));
        Assert.Equal(3, ImageCodec.Read(path).Channels);
        ImageCodec.Write(path, ImagingTestData.Gradient(32, 32, 2));
        Assert.Equal(1, ImageCodec.Read(path).Channels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void ExifOrientationTurnsPixelsUpright(int orientation)
    {
        string path = ImagingTestData.Fixture($"orientation_{orientation}.jpg");
        var image = ImageCodec.Read(path);
        Assert.Equal((32, 16, 3), (image.Width, image.Height, image.Channels));
        // Quadrant centres of the upright picture: red | green over blue | white.
        AssertColor(image, 8, 4, 1, 0, 0);
        AssertColor(image, 24, 4, 0, 1, 0);
        AssertColor(image, 8, 12, 0, 0, 1);
        AssertColor(image, 24, 12, 1, 1, 1);

        var info = ImageCodec.ReadInfo(path);
        Assert.Equal(new ImageInfo(32, 16, 3, 8, ImageFormat.Jpeg), info);
    }

    [Fact]
    public void IccProfileIsCarriedFromJpegToPng()
    {
        using var data = new ImagingTestData();
        byte[] expected = File.ReadAllBytes(ImagingTestData.Fixture("icc.icc"));
        var image = ImageCodec.Read(ImagingTestData.Fixture("icc.jpg"));
        Assert.Equal(expected, image.IccProfile);

        string path = data.File("from_jpeg.png");
        ImageCodec.Write(path, image);
        Assert.Equal(expected, ImageCodec.Read(path).IccProfile);
    }

    [Fact]
    public void LargeIccProfileIsSplitIntoChunksAndJoinedBack()
    {
        using var data = new ImagingTestData();
        var profile = new byte[150_000];
        new Random(7).NextBytes(profile);
        var image = ImagingTestData.Gradient(16, 16, 3);
        image.IccProfile = profile;
        string path = data.File("big_icc.jpg");
        ImageCodec.Write(path, image);

        var back = ImageCodec.Read(path);
        Assert.Equal(profile, back.IccProfile);
        Assert.True(image.Pixels.Zip(back.Pixels, (a, b) => Math.Abs(a - b)).Max() < 0.06);
    }

    [Fact]
    public void CmykIsConvertedToRgb()
    {
        string path = ImagingTestData.Fixture("cmyk.jpg");
        var image = ImageCodec.Read(path);
        Assert.Equal((16, 8, 3), (image.Width, image.Height, image.Channels));
        AssertColor(image, 4, 4, 0, 1, 1);
        AssertColor(image, 12, 4, 0.5f, 0.5f, 0.5f);
        Assert.Equal(3, ImageCodec.ReadInfo(path).Channels);
    }

    private static void AssertColor(Image image, int x, int y, float r, float g, float b)
    {
        int i = (y * image.Width + x) * 3;
        float[] expected = [r, g, b];
        for (int c = 0; c < 3; c++)
            Assert.True(Math.Abs(image.Pixels[i + c] - expected[c]) < 0.1, $"pixel ({x},{y}) channel {c} is {image.Pixels[i + c]}");
    }
}
