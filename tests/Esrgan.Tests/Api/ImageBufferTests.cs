using Xunit;

namespace Esrgan.Tests.Api;

public sealed class ImageBufferTests : IDisposable
{
    private readonly ApiSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void EightBitPixelsSurviveAPngRoundTrip(int channels)
    {
        var pixels = Enumerable.Range(0, 5 * 3 * channels).Select(i => (byte)(i * 37 % 256)).ToArray();
        using (var image = ImageBuffer.FromPixels(pixels, 5, 3, channels)) image.Save(_box.Path("a.png"));
        using var back = ImageBuffer.Load(_box.Path("a.png"));
        Assert.Equal((5, 3, channels, 8), (back.Width, back.Height, back.Channels, back.BitDepth));
        Assert.Equal(pixels, back.ToBytes());
    }

    [Fact]
    public void SixteenBitPixelsStaySixteenBit()
    {
        var pixels = Enumerable.Range(0, 4 * 2 * 3).Select(i => (ushort)(i * 2741 % 65536)).ToArray();
        using (var image = ImageBuffer.FromPixels(pixels, 4, 2, 3)) image.Save(_box.Path("deep.png"));
        using var back = ImageBuffer.Load(_box.Path("deep.png"));
        Assert.Equal(16, back.BitDepth);
        Assert.Equal(pixels, back.ToUInt16());
    }

    [Fact]
    public void FloatPixelsAreKeptAsGivenAndSavedAsSixteenBit()
    {
        float[] pixels = [0f, 0.25f, 0.5f, 1f];
        using var image = ImageBuffer.FromPixels(pixels, 2, 2, 1);
        Assert.Equal(pixels, image.Pixels.ToArray());
        image.Save(_box.Path("f.png"));
        using var back = ImageBuffer.Load(_box.Path("f.png"));
        Assert.Equal(new ushort[] { 0, 16384, 32768, 65535 }, back.ToUInt16());
    }

    [Fact]
    public void AWrongNumberOfSamplesIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageBuffer.FromPixels(new byte[11], 2, 2, 3));
        Assert.Contains("2x2x3 needs 12", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageBuffer.FromPixels(new byte[10], 2, 1, 5));
    }

    [Fact]
    public void ADisposedBufferCannotBeRead()
    {
        var image = ImageBuffer.FromPixels(new byte[3], 1, 1, 3);
        image.Dispose();
        Assert.Throws<ObjectDisposedException>(() => image.Width);
    }

    [Fact]
    public void AnUnknownExtensionIsAnImageFileError()
    {
        using var image = ImageBuffer.FromPixels(new byte[3], 1, 1, 3);
        var e = Assert.Throws<ImageFileException>(() => image.Save(_box.Path("a.bmp")));
        Assert.Contains("unknown image extension '.bmp'", e.Message);
    }
}
