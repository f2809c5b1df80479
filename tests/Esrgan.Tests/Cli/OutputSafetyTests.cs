using Esrgan.Imaging;
using Esrgan.Tests.Upscaling;
using Xunit;

namespace Esrgan.Tests.Cli;

/// <summary>Upscale never destroys inputs, never takes its own outputs as inputs, and refuses ambiguous outputs before work.</summary>
[Collection(CliCollection.Name)]
public sealed class OutputSafetyTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private string Photos(int count = 2)
    {
        string dir = _box.Folder("photos");
        for (int i = 0; i < count; i++) ImageCodec.Write(Path.Combine(dir, $"p{i}.png"), TilingTests.Pattern(8, 6, 3, seed: i + 1));
        return dir;
    }

    [Fact]
    public void AnEmptySuffixIntoTheInputFolderIsRefusedAndTheSourcesStay()
    {
        string dir = Photos();
        byte[] before = File.ReadAllBytes(Path.Combine(dir, "p0.png"));
        var r = CliSandbox.Run("upscale", dir, "-o", dir, "--suffix", "", "--overwrite", "--model", _box.SmallModel());
        Assert.Equal(1, r.Code);
        Assert.Contains("would replace an input", r.Err);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(dir, "p0.png")));
    }

    [Fact]
    public void EarlierOutputsInTheOutputFolderAreNotUpscaledAgain()
    {
        string dir = Photos();
        Assert.Equal(0, CliSandbox.Run("upscale", dir, "-o", dir, "--model", _box.SmallModel()).Code);
        var again = CliSandbox.Run("upscale", dir, "-o", dir, "--model", _box.SmallModel(), "--overwrite");
        Assert.Equal(0, again.Code);
        Assert.Contains("left out 2 earlier outputs", again.Err);
        Assert.Equal(new[] { "p0.png", "p0_out.png", "p1.png", "p1_out.png" }, Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).Order().ToArray());
    }

    [Fact]
    public void AnOutputExtensionThatContradictsTheFormatIsRefused()
    {
        string dir = Photos(1);
        string target = _box.Path("x.webp");
        var r = CliSandbox.Run("upscale", Path.Combine(dir, "p0.png"), "-o", target, "--format", "png", "--model", _box.SmallModel());
        Assert.Equal(1, r.Code);
        Assert.Contains("-o " + target + ": the extension does not match --format png", r.Err);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void OneFileNameForSeveralInputsIsRefusedBeforeWork()
    {
        string dir = Photos();
        string target = _box.Path("X.png");
        var r = CliSandbox.Run("upscale", dir, "-o", target, "--model", _box.SmallModel());
        Assert.Equal(1, r.Code);
        Assert.Contains("one file name for 2 inputs", r.Err);
        Assert.False(Directory.Exists(target) || File.Exists(target));
    }

    [Fact]
    public void AlphaIntoJpegBecomesPngWithANoticeOrIsFlattenedOverTheBackground()
    {
        string input = _box.Path("rgba.png");
        var rgba = TilingTests.Pattern(8, 8, 4);
        for (int p = 0; p < 64; p++) rgba.Pixels[p * 4 + 3] = 0; // fully transparent: only the background may show
        ImageCodec.Write(input, rgba);
        var r = CliSandbox.Run("upscale", input, "-o", _box.Path("out"), "--format", "jpg", "--model", _box.SmallModel());
        Assert.Equal(0, r.Code);
        Assert.Contains("has alpha, which JPEG cannot hold", r.Err);
        Assert.Equal((ImageFormat.Png, 4), (ImageCodec.ReadInfo(_box.Path("out", "rgba_out.png")).Format, ImageCodec.ReadInfo(_box.Path("out", "rgba_out.png")).Channels));

        Assert.Equal(0, CliSandbox.Run("upscale", input, "-o", _box.Path("flat"), "--format", "jpg", "--background", "#ff0000", "--alpha", "bicubic", "--model", _box.SmallModel()).Code);
        var flat = ImageCodec.Read(_box.Path("flat", "rgba_out.jpg"));
        Assert.Equal(3, flat.Channels);
        Assert.All(Enumerable.Range(0, flat.Width * flat.Height), p =>
            Assert.True(flat.Pixels[p * 3] > 0.9f && flat.Pixels[p * 3 + 1] < 0.1f && flat.Pixels[p * 3 + 2] < 0.1f, $"pixel {p} is not red"));
    }

    [Fact]
    public void TheBlendWeightAndTheAlphaMethodCombine()
    {
        string input = _box.Path("rgba.png");
        ImageCodec.Write(input, TilingTests.Pattern(8, 8, 4));
        string model = _box.SmallModel();
        var r = CliSandbox.Run("upscale", input, "-o", _box.Path("blend.png"), "--model", model, "--blend-with", model, "--blend-alpha", "0.3", "--alpha", "bicubic");
        Assert.Equal(0, r.Code);
        Assert.Equal(4, ImageCodec.ReadInfo(_box.Path("blend.png")).Channels);
    }

    [Fact]
    public void ABrokenFileIsNamedOnceInItsErrorLine()
    {
        string dir = Photos(1);
        string broken = Path.Combine(dir, "broken.png");
        File.WriteAllBytes(broken, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);
        var r = CliSandbox.Run("upscale", dir, "-o", _box.Path("out"), "--model", _box.SmallModel());
        Assert.Equal(1, r.Code);
        string line = Assert.Single(r.ErrLines, l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(line, System.Text.RegularExpressions.Regex.Escape(broken)));
    }

    [Fact]
    public void AnEmptyFolderIsAnErrorAndUnsupportedImagesAreReported()
    {
        string empty = _box.Folder("empty");
        var r = CliSandbox.Run("upscale", empty, "-o", _box.Path("out"), "--model", _box.SmallModel());
        Assert.Equal(1, r.Code);
        Assert.Contains("no .png, .jpg or .webp images", r.Err);

        string dir = Photos(1);
        File.WriteAllBytes(Path.Combine(dir, "scan.bmp"), [0x42, 0x4D]);
        File.WriteAllBytes(Path.Combine(dir, "scan.tif"), [0x49, 0x49]);
        var mixed = CliSandbox.Run("upscale", dir, "-o", _box.Path("out"), "--model", _box.SmallModel());
        Assert.Equal(0, mixed.Code);
        Assert.Contains("scan.bmp: skipped, .bmp images are not supported", mixed.Err);
        Assert.Contains("scan.tif: skipped, .tif images are not supported", mixed.Err);
    }

    [Fact]
    public void OutscaleTruncatesAsRealEsrganDoes()
    {
        string input = _box.Path("odd.png");
        ImageCodec.Write(input, TilingTests.Pattern(37, 5, 3));
        Assert.Equal(0, CliSandbox.Run("upscale", input, "-o", _box.Path("odd_out.png"), "--model", _box.SmallModel(), "--outscale", "3.5").Code);
        var info = ImageCodec.ReadInfo(_box.Path("odd_out.png"));
        Assert.Equal((129, 17), (info.Width, info.Height)); // int(37 * 3.5), int(5 * 3.5)
    }
}
