using Esrgan.Imaging;
using Xunit;

namespace Esrgan.Tests.Imaging;

public class WebpTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void LosslessRoundTripIsExact(int channels)
    {
        using var data = new ImagingTestData();
        var image = ImagingTestData.Exact(29, 17, channels, 8);
        if (channels == 4)
            for (int i = 3; i < image.Pixels.Length; i += 4) image.Pixels[i] = Math.Max(image.Pixels[i], 1 / 255f); // fully transparent pixels may lose colour
        string path = data.File("out.webp");
        ImageCodec.Write(path, image, new ImageSaveOptions { WebpLossless = true });

        var back = ImageCodec.Read(path);
        Assert.Equal((29, 17, channels), (back.Width, back.Height, back.Channels));
        Assert.Equal(ImagingTestData.Quantize(image), ImagingTestData.Quantize(back));
        Assert.Equal(new ImageInfo(29, 17, channels, 8, ImageFormat.Webp), ImageCodec.ReadInfo(path));
    }

    [Fact]
    public void LossyRoundTripStaysClose()
    {
        using var data = new ImagingTestData();
        var image = ImagingTestData.Gradient(64, 48, 3);
        string path = data.File("lossy.webp");
        ImageCodec.Write(path, image, new ImageSaveOptions { WebpQuality = 95 });
        var back = ImageCodec.Read(path);
        Assert.True(image.Pixels.Zip(back.Pixels, (a, b) => Math.Abs(a - b)).Average() < 0.02);
    }

    [Fact]
    public void GrayIsWrittenAsRgb()
    {
        using var data = new ImagingTestData();
        var gray = ImagingTestData.Exact(8, 8, 1, 8);
        string path = data.File("gray.webp");
        ImageCodec.Write(path, gray, new ImageSaveOptions { WebpLossless = true });
        var back = ImageCodec.Read(path);
        Assert.Equal(3, back.Channels);
        for (int i = 0; i < gray.Pixels.Length; i++) Assert.Equal(gray.Pixels[i], back.Pixels[3 * i + 1], 1e-6f);
    }

    [Fact]
    public void TruncatedWebpIsReported()
    {
        using var data = new ImagingTestData();
        string path = data.File("cut.webp");
        ImageCodec.Write(path, ImagingTestData.Exact(64, 64, 3, 8), new ImageSaveOptions { WebpLossless = true });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<ImageFileException>(() => ImageCodec.Read(path));
        Assert.Contains(path, e.Message);
    }
}
