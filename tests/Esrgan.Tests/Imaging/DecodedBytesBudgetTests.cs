using Esrgan.Imaging;
using Esrgan.Tests.Upscaling;
using Xunit;

namespace Esrgan.Tests.Imaging;

/// <summary>
/// A small valid file can decode huge (a flat lossless WebP, an arithmetic JPEG): what a whole decode would hold is
/// checked against the memory budget (<see cref="LoadLimits.MaxDecodedImageBytes"/>) before decoding.
/// </summary>
public sealed class DecodedBytesBudgetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esrgan-budget-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Raise = "(raise it with --memory-mb or UpscalerOptions.MemoryBudgetBytes)";

    /// <summary>34 bytes that claim 16,383 x 16,383 RGB pixels, under the pixel limit: made by tools/fixtures/make_attack_files.py.</summary>
    [Fact]
    public void ASmallLosslessWebpThatDecodesHugeIsRefusedBeforeDecoding()
    {
        string webp = TestPaths.Fixtures("Attacks", "webp_flat_16383.webp");
        var info = ImageCodec.ReadInfo(webp);
        Assert.Equal((16_383, 16_383, 3), (info.Width, info.Height, info.Channels));
        // The file, 3 bytes of samples, libwebp's 4-byte ARGB plane and 12 bytes of floats per pixel.
        long bytes = 34 + 16_383L * 16_383 * (3 + 4 + 12);
        Assert.Equal($"{webp}: WebP of 16,383 x 16,383 pixels needs {bytes:N0} bytes to decode, over the memory budget of 536,870,912 bytes {Raise}",
            Assert.Throws<ImageFileException>(() => ImageCodec.Read(webp, new LoadLimits { MaxDecodedImageBytes = 512 << 20 })).Message);
    }

    /// <summary>The budget is a bound to the byte: one byte below what the decode holds is refused, the exact amount is decoded.</summary>
    [Fact]
    public void TheBudgetIsExactForWebpAndPng()
    {
        string webp = Path.Combine(_dir, "in.webp");
        ImageCodec.Write(webp, TilingTests.Pattern(64, 48, 3), new ImageSaveOptions { WebpLossless = true });
        long webpBytes = new FileInfo(webp).Length + 64 * 48 * (3 + 4 + 12);
        AssertBudget(webp, "WebP", 64, 48, webpBytes);

        string png = Path.Combine(_dir, "in.png");
        ImageCodec.Write(png, TilingTests.Pattern(30, 20, 4, bitDepth: 16));
        AssertBudget(png, "PNG", 30, 20, 30 * 20 * 4 * (2 + 4));
    }

    private static void AssertBudget(string path, string format, int width, int height, long bytes)
    {
        Assert.Equal($"{path}: {format} of {width:N0} x {height:N0} pixels needs {bytes:N0} bytes to decode, over the memory budget of {bytes - 1:N0} bytes {Raise}",
            Assert.Throws<ImageFileException>(() => ImageCodec.Read(path, new LoadLimits { MaxDecodedImageBytes = bytes - 1 })).Message);
        Assert.Equal(width, ImageCodec.Read(path, new LoadLimits { MaxDecodedImageBytes = bytes }).Width);
    }

    /// <summary>A turned image is copied once more; a JPEG counts its file, its 8-bit samples and the floats.</summary>
    [Fact]
    public void AJpegCountsItsTurnedCopy()
    {
        string jpeg = TestPaths.Fixtures("Imaging", "orientation_6.jpg");
        var info = ImageCodec.ReadInfo(jpeg);
        long pixels = (long)info.Width * info.Height;
        long bytes = new FileInfo(jpeg).Length + pixels * 3 + 2 * pixels * 3 * 4;
        var e = Assert.Throws<ImageFileException>(() => ImageCodec.Read(jpeg, new LoadLimits { MaxDecodedImageBytes = bytes - 1 }));
        Assert.Contains($"needs {bytes:N0} bytes to decode", e.Message);
        Assert.Equal(info.Width, ImageCodec.Read(jpeg, new LoadLimits { MaxDecodedImageBytes = bytes }).Width);
    }
}
