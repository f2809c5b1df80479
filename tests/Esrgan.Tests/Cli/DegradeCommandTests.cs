using Esrgan.Imaging;
using Esrgan.Imaging.Resize;
using Esrgan.Tests.Upscaling;
using Xunit;

namespace Esrgan.Tests.Cli;

/// <summary>degrade follows upscale's conventions for inputs, bad files, existing outputs and names.</summary>
[Collection(CliCollection.Name)]
public sealed class DegradeCommandTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void AFileArgumentIsDegraded()
    {
        string hr = _box.Path("one.png");
        var image = TilingTests.Pattern(16, 12, 3);
        ImageCodec.Write(hr, image);
        var r = CliSandbox.Run("degrade", hr, "-o", _box.Path("lr"));
        Assert.Equal(0, r.Code);
        var lr = ImageCodec.Read(_box.Path("lr", "one.png"));
        Assert.Equal(BicubicDegradation.Downscale(ImageCodec.Read(hr), 4).Pixels, lr.Pixels);
    }

    [Fact]
    public void ABadOrTooSmallFileIsReportedAndTheOthersAreWritten()
    {
        string hr = _box.Folder("hr");
        ImageCodec.Write(Path.Combine(hr, "a.png"), TilingTests.Pattern(16, 16, 3));
        ImageCodec.Write(Path.Combine(hr, "b_tiny.png"), TilingTests.Pattern(2, 2, 3));
        File.WriteAllBytes(Path.Combine(hr, "c_broken.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2]);
        ImageCodec.Write(Path.Combine(hr, "d.png"), TilingTests.Pattern(8, 8, 3));
        var r = CliSandbox.Run("degrade", hr, "-o", _box.Path("lr"));
        Assert.Equal(1, r.Code);
        Assert.Contains("b_tiny.png", r.Err);
        Assert.Contains("c_broken.png", r.Err);
        Assert.Equal(new[] { "a.png", "d.png" }, Directory.GetFiles(_box.Path("lr")).Select(f => Path.GetFileName(f)).Order().ToArray());
        Assert.Contains("2 written, 0 skipped, 2 failed", r.Out);
    }

    [Fact]
    public void ExistingOutputsAreKeptUnlessOverwriteIsGiven()
    {
        string hr = _box.Folder("hr");
        ImageCodec.Write(Path.Combine(hr, "a.png"), TilingTests.Pattern(16, 16, 3));
        string target = Path.Combine(_box.Folder("lr"), "a.png");
        File.WriteAllText(target, "keep me");
        Assert.Equal(1, CliSandbox.Run("degrade", hr, "-o", _box.Path("lr")).Code);
        Assert.Equal("keep me", File.ReadAllText(target));
        Assert.Equal(0, CliSandbox.Run("degrade", hr, "-o", _box.Path("lr"), "--skip-existing").Code);
        Assert.Equal("keep me", File.ReadAllText(target));
        Assert.Equal(0, CliSandbox.Run("degrade", hr, "-o", _box.Path("lr"), "--overwrite").Code);
        Assert.Equal(4, ImageCodec.ReadInfo(target).Width);
    }

    [Fact]
    public void TwoInputsWithTheSameNameAreRefusedBeforeWork()
    {
        string hr = _box.Folder("hr");
        ImageCodec.Write(Path.Combine(hr, "gray.png"), TilingTests.Pattern(16, 16, 3));
        ImageCodec.Write(Path.Combine(hr, "gray.jpg"), TilingTests.Pattern(16, 16, 3));
        var r = CliSandbox.Run("degrade", hr, "-o", _box.Path("lr"));
        Assert.Equal(1, r.Code);
        Assert.Contains("two inputs would both be written to", r.Err);
        Assert.False(Directory.Exists(_box.Path("lr")));
    }

    [Fact]
    public void DegradingIntoTheInputFolderNeverReplacesAnInput()
    {
        string hr = _box.Folder("hr");
        ImageCodec.Write(Path.Combine(hr, "a.png"), TilingTests.Pattern(16, 16, 3));
        byte[] before = File.ReadAllBytes(Path.Combine(hr, "a.png"));
        var r = CliSandbox.Run("degrade", hr, "-o", hr, "--overwrite");
        Assert.Equal(1, r.Code);
        Assert.Contains("would replace an input", r.Err);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(hr, "a.png")));
    }
}
