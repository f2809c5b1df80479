using Esrgan.Imaging;
using Esrgan.Tests.Upscaling;
using Xunit;

namespace Esrgan.Tests.Cli;

/// <summary>Every option value is checked while parsing: one line naming option, value and what is allowed; exit 2; no work.</summary>
[Collection(CliCollection.Name)]
public sealed class OptionValidationTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private string Input()
    {
        string path = _box.Path("a.png");
        if (!File.Exists(path)) ImageCodec.Write(path, TilingTests.Pattern(8, 8, 3));
        return path;
    }

    [Theory]
    [InlineData("--outscale", "0", "greater than 0")]
    [InlineData("--outscale", "-2", "greater than 0")]
    [InlineData("--outscale", "NaN", "greater than 0")]
    [InlineData("--outscale", "1e6", "at most 16")]
    [InlineData("--outscale", "abc", "a number")]
    [InlineData("--tile", "-1", "from 0 to")]
    [InlineData("--tile-pad", "-5", "from 0 to")]
    [InlineData("--jpeg-quality", "0", "from 1 to 100")]
    [InlineData("--memory-mb", "x", "an integer")]
    [InlineData("--format", "bmp", "png, jpg, jpeg, webp")]
    [InlineData("--alpha", "0.5", "--blend-alpha")]
    [InlineData("--background", "pink", "#RRGGBB")]
    public void AnUpscaleValueOutOfRangeIsOneLineNamingOptionValueAndRange(string option, string value, string allowed)
    {
        string output = _box.Path("out");
        var r = CliSandbox.Run("upscale", Input(), "-o", output, "--model", _box.SmallModel(), option, value);
        Assert.Equal(2, r.Code);
        string line = Assert.Single(r.ErrLines);
        Assert.StartsWith($"error: {option} {value}: expected", line);
        Assert.Contains(allowed, line);
        Assert.DoesNotContain("Usage:", r.Out + r.Err);
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("degrade", "--scale", "0")]
    [InlineData("evaluate", "--scale", "-1")]
    [InlineData("extract-subimages", "--crop-size", "0")]
    [InlineData("extract-subimages", "--threads", "0")]
    [InlineData("interpolate", "--alpha", "1.5")]
    public void OtherCommandsCheckTheirValuesBeforeWork(string command, string option, string value)
    {
        string[] rest = command switch
        {
            "degrade" => [_box.Folder("hr"), "-o", _box.Path("lr")],
            "evaluate" => ["--hr", _box.Folder("hr"), "--model", "bicubic"],
            "extract-subimages" => [_box.Folder("hr"), _box.Path("lr")],
            _ => [_box.SmallModel(), _box.SmallModel(), "-o", _box.Path("mix.safetensors")],
        };
        var r = CliSandbox.Run([command, .. rest, option, value]);
        Assert.Equal(2, r.Code);
        Assert.StartsWith($"error: {option} {value}: expected", Assert.Single(r.ErrLines));
        Assert.False(Directory.Exists(_box.Path("lr")));
        Assert.False(File.Exists(_box.Path("mix.safetensors")));
    }

    [Fact]
    public void SkipExistingAndOverwriteAreRefusedTogether()
    {
        var r = CliSandbox.Run("upscale", Input(), "-o", _box.Path("out"), "--model", _box.SmallModel(), "--skip-existing", "--overwrite");
        Assert.Equal(2, r.Code);
        Assert.Contains("--skip-existing and --overwrite cannot be used together", Assert.Single(r.ErrLines));
    }

    [Fact]
    public void AnUnknownOptionIsNamedWithTheNearestKnownOne()
    {
        var r = CliSandbox.Run("upscale", Input(), "--outsale", "2", "--model", _box.SmallModel());
        Assert.Equal(2, r.Code);
        Assert.Equal("error: unknown option --outsale for 'upscale'; did you mean --outscale?", Assert.Single(r.ErrLines));
        var train = CliSandbox.Run("train", "x.yml", "--resum");
        Assert.Equal(2, train.Code);
        Assert.Contains("did you mean --resume?", train.Err);
    }

    [Fact]
    public void RealEsrganHabitsWorkAsAliases()
    {
        string output = _box.Path("aliased.png");
        var r = CliSandbox.Run("upscale", "-i", Input(), "-n", _box.SmallModel(), "--fp32", "-f", "png", "-o", output);
        Assert.Equal(0, r.Code);
        Assert.Equal(16, ImageCodec.ReadInfo(output).Width);
    }

    [Fact]
    public void UpscaleWithoutAnyInputIsAUsageError()
    {
        var r = CliSandbox.Run("upscale", "--model", _box.SmallModel());
        Assert.Equal(2, r.Code);
        Assert.Contains("no input", Assert.Single(r.ErrLines));
    }

    [Fact]
    public void HelpNamesTheCommandEsrgan()
    {
        var r = CliSandbox.Run("upscale", "--help");
        Assert.Equal(0, r.Code);
        Assert.Contains("esrgan upscale", r.Out);
        Assert.DoesNotContain("esrgan-cli", r.Out);
    }
}
