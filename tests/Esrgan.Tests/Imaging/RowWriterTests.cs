using Esrgan.Imaging;
using Xunit;

namespace Esrgan.Tests.Imaging;

public class RowWriterTests
{
    public static TheoryData<string, int, int> Cases() => new()
    {
        { "png", 3, 8 },
        { "png", 4, 16 },
        { "png", 1, 16 },
        { "jpg", 3, 8 },
        { "jpg", 1, 8 },
        { "webp", 4, 8 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RowBandsGiveTheSameFileAsWrite(string ext, int channels, int bitDepth)
    {
        using var data = new ImagingTestData();
        var image = ImagingTestData.Exact(50, 33, channels, bitDepth, icc: ext == "webp" ? null : [1, 2, 3, 4, 5, 6, 7, 8]);
        string whole = data.File($"whole.{ext}"), banded = data.File($"banded.{ext}");
        ImageCodec.Write(whole, image);

        int rowSamples = image.Width * channels;
        using (var writer = ImageCodec.CreateRowWriter(banded, image.Width, image.Height, channels, bitDepth, null, image.IccProfile))
        {
            for (int y = 0; y < image.Height; y += 7)
            {
                int rows = Math.Min(7, image.Height - y);
                writer.WriteRows(image.Pixels.AsSpan(y * rowSamples, rows * rowSamples), rows);
            }
            writer.Commit();
        }
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(banded));
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpg")]
    [InlineData("webp")]
    public void UncommittedWriterLeavesNoFile(string ext)
    {
        using var data = new ImagingTestData();
        string path = data.File($"partial.{ext}");
        var image = ImagingTestData.Exact(20, 10, 3, 8);
        using (var writer = ImageCodec.CreateRowWriter(path, 20, 10, 3, 8, null, null))
            writer.WriteRows(image.Pixels.AsSpan(0, 20 * 3 * 4), 4);
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.Dir));
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpg")]
    public void FailedWriteLeavesTheExistingFileUntouched(string ext)
    {
        using var data = new ImagingTestData();
        string path = data.File($"keep.{ext}");
        ImageCodec.Write(path, ImagingTestData.Exact(12, 12, 3, 8));
        byte[] before = File.ReadAllBytes(path);

        using (var writer = ImageCodec.CreateRowWriter(path, 30, 30, 3, 8, null, null))
        {
            writer.WriteRows(new float[30 * 3 * 10], 10);
            Assert.Throws<InvalidOperationException>(writer.Commit);
        }
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.EnumerateFileSystemEntries(data.Dir));
    }

    [Fact]
    public void UnembeddableProfileFailsBeforeTouchingTheTarget()
    {
        using var data = new ImagingTestData();
        string path = data.File("keep.jpg");
        ImageCodec.Write(path, ImagingTestData.Exact(12, 12, 3, 8));
        byte[] before = File.ReadAllBytes(path);

        var image = ImagingTestData.Exact(12, 12, 3, 8, icc: new byte[17_000_000]);
        var e = Assert.Throws<ImageFileException>(() => ImageCodec.Write(path, image));
        Assert.Contains("ICC", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.EnumerateFileSystemEntries(data.Dir));
    }

    [Fact]
    public void TooManyRowsAreRefused()
    {
        using var data = new ImagingTestData();
        using var writer = ImageCodec.CreateRowWriter(data.File("x.png"), 4, 2, 1, 8, null, null);
        writer.WriteRows(new float[8], 2);
        Assert.Throws<InvalidOperationException>(() => writer.WriteRows(new float[4], 1));
        Assert.Throws<ArgumentException>(() => writer.WriteRows(new float[3], 1));
    }

    [Fact]
    public void OptionsFormatOverridesTheExtension()
    {
        using var data = new ImagingTestData();
        string path = data.File("actually_jpeg.png");
        ImageCodec.Write(path, ImagingTestData.Gradient(16, 16, 3), new ImageSaveOptions { Format = ImageFormat.Jpeg });
        Assert.Equal(ImageFormat.Jpeg, ImageCodec.ReadInfo(path).Format);
    }

    [Fact]
    public void MissingOutputFolderIsCreated()
    {
        using var data = new ImagingTestData();
        string path = Path.Combine(data.Dir, "sub", "dir", "out.png");
        ImageCodec.Write(path, ImagingTestData.Exact(3, 3, 3, 8));
        Assert.True(File.Exists(path));
    }
}
