using System.Diagnostics;
using System.Text.Json;
using Esrgan.Imaging;
using Xunit;

namespace Esrgan.Tests.Imaging;

/// <summary>EXIF and ICC metadata written by exiftool (a standard tool, not hand-built bytes) follow the pixels.</summary>
public class ExifMetadataTests
{
    private const int W = 5, H = 3;

    [Theory]
    [InlineData("src.png", "out.png", "Big-endian")]
    [InlineData("src.png", "out.jpg", "Little-endian")]
    [InlineData("src.png", "out.webp", "Little-endian")]
    [InlineData("src.webp", "out.webp", "Big-endian")]
    [InlineData("src.webp", "out.png", "Little-endian")]
    public void Orientation6IsAppliedAndOtherExifIsCarried(string sourceName, string outputName, string byteOrder)
    {
        using var data = new ImagingTestData();
        var upright = ImagingTestData.Exact(W, H, 3, 8);
        string source = data.File(sourceName);
        ImageCodec.Write(source, upright, new ImageSaveOptions { WebpLossless = true });
        ExifTool($"-ExifByteOrder={byteOrder}", "-Orientation#=6", "-Make=TestMake", "-Model=TestModel", "-DateTimeOriginal=2024:01:02 03:04:05",
            $"-ExifImageWidth={W}", $"-ExifImageHeight={H}", source);

        var image = ImageCodec.Read(source);
        Assert.Equal((H, W), (image.Width, image.Height));
        Assert.Equal(new ImageInfo(H, W, 3, 8, ImageCodec.FormatFromPath(source)), ImageCodec.ReadInfo(source));
        // Orientation 6: the stored image is shown rotated 90° clockwise, so displayed (x, y) is stored (y, H-1-x):
        // the displayed top-left pixel is the stored bottom-left one.
        for (int y = 0; y < W; y++)
            for (int x = 0; x < H; x++)
                for (int c = 0; c < 3; c++)
                    Assert.Equal(upright.Pixels[((H - 1 - x) * W + y) * 3 + c], image.Pixels[((y * H) + x) * 3 + c]);

        string output = data.File(outputName);
        ImageCodec.Write(output, image);
        var tags = ReadTags(output);
        Assert.Equal(byteOrder == "Big-endian" ? "MM" : "II", tags.GetProperty("ExifByteOrder").GetString());
        Assert.Equal(1, tags.GetProperty("Orientation").GetInt32());
        Assert.Equal("TestMake", tags.GetProperty("Make").GetString());
        Assert.Equal("TestModel", tags.GetProperty("Model").GetString());
        Assert.Equal("2024:01:02 03:04:05", tags.GetProperty("DateTimeOriginal").GetString());
        Assert.Equal(H, tags.GetProperty("ExifImageWidth").GetInt32());
        Assert.Equal(W, tags.GetProperty("ExifImageHeight").GetInt32());
        var back = ImageCodec.Read(output);
        Assert.Equal((H, W), (back.Width, back.Height));
    }

    [Fact]
    public void UpscaleCommandWritesUprightPixelsAndTheSourceExif()
    {
        using var data = new ImagingTestData();
        string source = data.File("photo.webp");
        ImageCodec.Write(source, ImagingTestData.Exact(W, H, 3, 8), new ImageSaveOptions { WebpLossless = true });
        ExifTool("-Orientation#=6", "-Model=CliModel", $"-ExifImageWidth={W}", $"-ExifImageHeight={H}", source);
        string output = data.File("photo_x2.webp");
        string model = Esrgan.Tests.Cli.CliSandbox.SmallModel(data.File("small.safetensors"));
        Assert.Equal(0, Esrgan.Cli.Program.Main(["upscale", source, "-o", output, "--model", model]));
        var info = ImageCodec.ReadInfo(output);
        Assert.Equal((2 * H, 2 * W), (info.Width, info.Height));
        var tags = ReadTags(output);
        Assert.Equal(1, tags.GetProperty("Orientation").GetInt32());
        Assert.Equal("CliModel", tags.GetProperty("Model").GetString());
        Assert.Equal(2 * H, tags.GetProperty("ExifImageWidth").GetInt32());
        Assert.Equal(2 * W, tags.GetProperty("ExifImageHeight").GetInt32());
    }

    [Fact]
    public void JpegExifIsCarriedWithOrientationResetAndSizeUpdated()
    {
        using var data = new ImagingTestData();
        string source = data.File("src.jpg");
        ImageCodec.Write(source, ImagingTestData.Exact(W, H, 3, 8));
        ExifTool("-Orientation#=8", "-Make=JpegMake", $"-ExifImageWidth={W}", $"-ExifImageHeight={H}", source);
        var image = ImageCodec.Read(source);
        string output = data.File("out.jpg");
        var doubled = new Image(image.Width * 2, image.Height * 2, 3, 8, new float[image.Width * image.Height * 12],
            image.IccProfile, image.Exif);
        ImageCodec.Write(output, doubled);
        var tags = ReadTags(output);
        Assert.Equal(1, tags.GetProperty("Orientation").GetInt32());
        Assert.Equal("JpegMake", tags.GetProperty("Make").GetString());
        Assert.Equal(2 * H, tags.GetProperty("ExifImageWidth").GetInt32());
        Assert.Equal(2 * W, tags.GetProperty("ExifImageHeight").GetInt32());
    }

    [Theory]
    [InlineData("out.webp")]
    [InlineData("out.jpg")]
    [InlineData("out.png")]
    public void IccProfileIsWrittenToEveryFormat(string outputName)
    {
        using var data = new ImagingTestData();
        byte[] profile = File.ReadAllBytes(ImagingTestData.Fixture("icc.icc"));
        var image = ImageCodec.Read(ImagingTestData.Fixture("icc.png"));
        string output = data.File(outputName);
        ImageCodec.Write(output, image);
        Assert.Equal(profile, ImageCodec.Read(output).IccProfile);
        Assert.Equal(profile, ExifTool("-b", "-ICC_Profile", output).ToArray());
    }

    [Fact]
    public void WebpWithAlphaKeepsAlphaAndProfile()
    {
        using var data = new ImagingTestData();
        byte[] profile = File.ReadAllBytes(ImagingTestData.Fixture("icc.icc"));
        var image = ImagingTestData.Exact(W, H, 4, 8, icc: profile);
        string output = data.File("alpha.webp");
        ImageCodec.Write(output, image, new ImageSaveOptions { WebpLossless = true });
        var back = ImageCodec.Read(output);
        Assert.Equal(image.Pixels, back.Pixels);
        Assert.Equal(profile, back.IccProfile);
    }

    [Fact]
    public void MalformedExifIsIgnored()
    {
        using var data = new ImagingTestData();
        string source = data.File("bad.png");
        ImageCodec.Write(source, ImagingTestData.Exact(W, H, 3, 8));
        ExifTool("-Orientation#=6", source);
        byte[] bytes = File.ReadAllBytes(source);
        int exif = bytes.AsSpan().IndexOf("eXIf"u8);
        Assert.True(exif > 0);
        // Point the first IFD far past the end of the block (the chunk CRC is fixed up so the PNG stays valid).
        bytes.AsSpan(exif + 4 + 4, 4).Fill(0x7F);
        PngChunks.FixCrc(bytes, exif - 4);
        File.WriteAllBytes(source, bytes);
        var image = ImageCodec.Read(source);
        Assert.Equal((W, H), (image.Width, image.Height));
        ImageCodec.Write(data.File("out.png"), image);
    }

    private static JsonElement ReadTags(string path)
    {
        using var doc = JsonDocument.Parse(ExifTool("-j", "-n", path).ToArray());
        return doc.RootElement[0].Clone();
    }

    private static MemoryStream ExifTool(params string[] args)
    {
        var start = new ProcessStartInfo("exiftool") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (!args.Contains("-b") && !args.Contains("-j")) start.ArgumentList.Add("-overwrite_original");
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start exiftool");
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        string errors = process.StandardError.ReadToEnd();
        copy.Wait();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"exiftool {string.Join(' ', args)} failed: {errors}");
        output.Position = 0;
        return output;
    }
}
