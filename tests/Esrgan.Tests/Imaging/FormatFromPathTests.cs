using Esrgan.Imaging;
using Xunit;

namespace Esrgan.Tests.Imaging;

public class FormatFromPathTests
{
    [Theory]
    [InlineData("a.png", ImageFormat.Png)]
    [InlineData("dir/b.PNG", ImageFormat.Png)]
    [InlineData("c.jpg", ImageFormat.Jpeg)]
    [InlineData("d.JPEG", ImageFormat.Jpeg)]
    [InlineData("e.webp", ImageFormat.Webp)]
    public void KnownExtensions(string path, ImageFormat expected) =>
        Assert.Equal(expected, ImageCodec.FormatFromPath(path));

    [Theory]
    [InlineData("out.tiff")]
    [InlineData("out")]
    public void UnknownExtensionsNameTheFile(string path)
    {
        var e = Assert.Throws<ImageFileException>(() => ImageCodec.FormatFromPath(path));
        Assert.StartsWith(path + ":", e.Message);
    }
}
