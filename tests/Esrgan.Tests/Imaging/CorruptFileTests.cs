using Esrgan.Imaging;
using Xunit;

namespace Esrgan.Tests.Imaging;

public class CorruptFileTests
{
    public static TheoryData<string, double> Truncations()
    {
        var data = new TheoryData<string, double>();
        foreach (string ext in new[] { "png", "jpg" })
            foreach (double keep in new[] { 0.02, 0.1, 0.5, 0.9, 0.99 }) data.Add(ext, keep);
        return data;
    }

    [Theory]
    [MemberData(nameof(Truncations))]
    public void TruncatedFilesGiveErrorsNamingTheFile(string ext, double keep)
    {
        using var data = new ImagingTestData();
        string path = data.File($"cut.{ext}");
        ImageCodec.Write(path, ImagingTestData.Exact(48, 40, 3, 8, icc: new byte[300]));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);

        var e = Assert.Throws<ImageFileException>(() => ImageCodec.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path + ":", e.Message);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpg")]
    public void CorruptBytesGiveErrorsNamingTheFile(string ext)
    {
        using var data = new ImagingTestData();
        string path = data.File($"bad.{ext}");
        ImageCodec.Write(path, ImagingTestData.Exact(48, 40, 3, 8));
        byte[] bytes = File.ReadAllBytes(path);
        // Wreck the middle of the data, past the headers, as a bad disk block would.
        for (int i = bytes.Length / 3; i < bytes.Length * 2 / 3; i++) bytes[i] = (byte)(i * 37);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<ImageFileException>(() => ImageCodec.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(40)]
    public void DamagedPngHeaderIsReported(int offset)
    {
        using var data = new ImagingTestData();
        string path = data.File("header.png");
        ImageCodec.Write(path, ImagingTestData.Exact(8, 8, 3, 8));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x5A;
        File.WriteAllBytes(path, bytes);

        Assert.Throws<ImageFileException>(() => ImageCodec.Read(path));
        Assert.Throws<ImageFileException>(() => ImageCodec.ReadInfo(path));
    }

    [Theory]
    [InlineData(0x7FFFFFFFu, 1u, 8, 2, "2,147,483,647 x 1, bit depth 8, color type 2")]
    [InlineData(0u, 10u, 8, 2, "0 x 10, bit depth 8, color type 2")]
    [InlineData(4u, 4u, 3, 2, "4 x 4, bit depth 3, color type 2")]
    public void AnImpossiblePngHeaderIsReportedWithItsFields(uint width, uint height, byte depth, byte colorType, string fields)
    {
        using var data = new ImagingTestData();
        string path = data.File("header.png");
        File.WriteAllBytes(path, PngChunks.WithHeader(width, height, depth, colorType));

        var e = Assert.Throws<ImageFileException>(() => ImageCodec.ReadInfo(path));
        Assert.StartsWith($"{path}: invalid PNG header (IHDR {fields}): ", e.Message);
    }

    [Theory]
    [InlineData(10, 0, 3, "10 x 0 pixels, 3 components")]
    [InlineData(0, 10, 3, "0 x 10 pixels, 3 components")]
    [InlineData(10, 10, 0, "10 x 10 pixels, 0 components")]
    public void AJpegFrameHeaderWithAZeroSizeIsReportedWithItsFields(int width, int height, int components, string fields)
    {
        using var data = new ImagingTestData();
        string path = data.File("empty-frame.jpg");
        // SOI, a baseline frame header (length 8 + 3 per component) and EOI.
        var jpeg = new List<byte> { 0xFF, 0xD8, 0xFF, 0xC0, 0, (byte)(8 + 3 * components), 8,
            (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, (byte)components };
        for (int c = 1; c <= components; c++) jpeg.AddRange([(byte)c, 0x11, 0]);
        jpeg.AddRange([0xFF, 0xD9]);
        File.WriteAllBytes(path, [.. jpeg]);

        var e = Assert.Throws<ImageFileException>(() => ImageCodec.ReadInfo(path));
        Assert.Contains($"JPEG frame header claims {fields}", e.Message);
        Assert.StartsWith(path + ": ", e.Message);
    }

    [Fact]
    public void JpegHeaderWithoutFrameIsReported()
    {
        using var data = new ImagingTestData();
        string path = data.File("noframe.jpg");
        File.WriteAllBytes(path, [0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, 0x41, 0x42, 0xFF, 0xD9]);
        var e = Assert.Throws<ImageFileException>(() => ImageCodec.Read(path));
        Assert.Contains("JPEG", e.Message);
        Assert.Throws<ImageFileException>(() => ImageCodec.ReadInfo(path));
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 }, "not a PNG, JPEG or WebP")]
    public void UnrecognisedContentIsReported(byte[] content, string problem)
    {
        using var data = new ImagingTestData();
        string path = data.File("mystery.png");
        File.WriteAllBytes(path, content);
        var e = Assert.Throws<ImageFileException>(() => ImageCodec.Read(path));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void MissingFileIsReported()
    {
        using var data = new ImagingTestData();
        string path = data.File("absent.png");
        var e = Assert.Throws<ImageFileException>(() => ImageCodec.Read(path));
        Assert.Equal($"{path}: file not found", e.Message);
        Assert.Throws<ImageFileException>(() => ImageCodec.ReadInfo(path));
    }

    [Fact]
    public void FormatIsTakenFromContentNotName()
    {
        using var data = new ImagingTestData();
        string png = data.File("real.png");
        ImageCodec.Write(png, ImagingTestData.Exact(5, 5, 3, 8));
        string misnamed = data.File("misnamed.jpg");
        File.Copy(png, misnamed);
        Assert.Equal(ImageFormat.Png, ImageCodec.ReadInfo(misnamed).Format);
    }
}
