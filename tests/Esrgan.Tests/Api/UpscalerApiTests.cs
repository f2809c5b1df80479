using Esrgan.Formats;
using Esrgan.Models;
using Xunit;

namespace Esrgan.Tests.Api;

public sealed class UpscalerApiTests : IDisposable
{
    private readonly ApiSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void ALoadedModelTellsItsArchitectureScaleAndSize()
    {
        using var model = SuperResolutionModel.Load(_box.SmallModel());
        using var reference = new RrdbNet(scale: 2, numFeat: 16, numBlock: 1, numGrowCh: 16);
        Assert.Equal(("RRDBNet", 2, reference.ParameterCount), (model.Architecture, model.Scale, model.ParameterCount));
        Assert.Equal(16, model.HyperParameters["num_feat"]);
        Assert.Equal("safetensors", model.Format);
    }

    [Fact]
    public void ADiscriminatorIsNotASuperResolutionModel()
    {
        using var net = new VggStyleDiscriminator(3, 8, 128);
        var spec = new ModelSpec("VGGStyleDiscriminator", new Dictionary<string, int> { ["num_in_ch"] = 3, ["num_feat"] = 8, ["input_size"] = 128 });
        string path = _box.Path("d.safetensors");
        ModelFile.SaveSafetensors(path, net.StateDict(), spec);
        var e = Assert.Throws<InvalidDataException>(() => SuperResolutionModel.Load(path));
        Assert.Contains("not an upscaling network", e.Message);
    }

    [Fact]
    public void TheFileAndTheBufferGiveTheSameBytesAsTheCommandLine()
    {
        string model = _box.SmallModel(), input = _box.Picture("in.png", 40, 30);
        using var sr = SuperResolutionModel.Load(model);
        var options = new UpscalerOptions { TileSize = 16, TilePad = 4 };
        using var upscaler = new Upscaler(sr, options);
        upscaler.UpscaleFile(input, _box.Path("file.png"));
        using (var image = ImageBuffer.Load(input))
        using (var result = upscaler.Upscale(image))
        {
            Assert.Equal((80, 60, 3), (result.Width, result.Height, result.Channels));
            result.Save(_box.Path("buffer.png"));
        }
        Assert.Equal(0, Esrgan.Cli.Program.Main(["upscale", input, "-o", _box.Path("cli.png"), "-m", model, "--tile", "16", "--tile-pad", "4"]));
        byte[] file = File.ReadAllBytes(_box.Path("file.png"));
        Assert.Equal(file, File.ReadAllBytes(_box.Path("buffer.png")));
        Assert.Equal(file, File.ReadAllBytes(_box.Path("cli.png")));
    }

    [Fact]
    public void ProgressCountsEveryTileUpToOne()
    {
        using var sr = SuperResolutionModel.Load(_box.SmallModel());
        using var upscaler = new Upscaler(sr, new UpscalerOptions { TileSize = 10, TilePad = 2 });
        var reports = new List<UpscaleProgress>();
        using var image = ImageBuffer.Load(_box.Picture("in.png", 25, 12));
        using var _ = upscaler.Upscale(image, new Reporter<UpscaleProgress>(reports.Add));
        Assert.Equal(6, upscaler.CountTiles(25, 12, 3));
        Assert.Equal(Enumerable.Range(1, 6), reports.Select(r => r.TilesDone));
        Assert.All(reports, r => Assert.Equal(6, r.TileCount));
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(TimeSpan.Zero, reports[^1].Remaining);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(2000)]
    public void CancellingAfterTheFirstTileStopsBeforeTheNextAndLeavesNoFile(int side)
    {
        using var sr = SuperResolutionModel.Load(_box.SmallModel());
        string input = _box.Picture("in.png", side, side), output = _box.Path("out/cancelled.png");
        using var upscaler = new Upscaler(sr, new UpscalerOptions { TileSize = 16, TilePad = 4 });
        using var cancel = new CancellationTokenSource();
        int tiles = 0;
        var progress = new Reporter<UpscaleProgress>(p =>
        {
            tiles = p.TilesDone;
            cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => { upscaler.UpscaleFile(input, output, progress, cancel.Token); });
        Assert.Equal(1, tiles);
        Assert.False(Directory.Exists(Path.GetDirectoryName(output)) && Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(output)!).Any());
        Assert.Equal(["in.png", "small.safetensors"], Directory.GetFiles(_box.Dir).Select(f => Path.GetFileName(f)!).Order().ToArray());
    }

    [Fact]
    public void OutputScaleResizesTheModelsResult()
    {
        using var sr = SuperResolutionModel.Load(_box.SmallModel());
        using var upscaler = new Upscaler(sr, new UpscalerOptions { OutputScale = 1.5 });
        upscaler.UpscaleFile(_box.Picture("in.png", 20, 10), _box.Path("out.webp"));
        using var result = ImageBuffer.Load(_box.Path("out.webp"));
        Assert.Equal((30, 15), (result.Width, result.Height));
    }

    [Theory]
    [InlineData("Threads")]
    [InlineData("TileSize")]
    [InlineData("TilePad")]
    [InlineData("MemoryBudgetBytes")]
    [InlineData("OutputScale")]
    [InlineData("Alpha")]
    public void AnOptionOutOfRangeIsRefusedByName(string name)
    {
        var options = name switch
        {
            "Threads" => new UpscalerOptions { Threads = -1 },
            "TileSize" => new UpscalerOptions { TileSize = -8 },
            "TilePad" => new UpscalerOptions { TilePad = -1 },
            "MemoryBudgetBytes" => new UpscalerOptions { MemoryBudgetBytes = 1000 },
            "OutputScale" => new UpscalerOptions { OutputScale = 0 },
            _ => new UpscalerOptions { Alpha = (AlphaMode)7 },
        };
        using var sr = SuperResolutionModel.Load(_box.SmallModel());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Upscaler(sr, options));
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void TheOutputNeverReplacesTheInput()
    {
        using var sr = SuperResolutionModel.Load(_box.SmallModel());
        using var upscaler = new Upscaler(sr);
        string input = _box.Picture("in.png", 8, 8);
        byte[] before = File.ReadAllBytes(input);
        Assert.Throws<ArgumentException>(() => upscaler.UpscaleFile(input, input));
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void ADisposedModelCannotBeUsed()
    {
        var sr = SuperResolutionModel.Load(_box.SmallModel());
        using var upscaler = new Upscaler(sr);
        sr.Dispose();
        using var image = ImageBuffer.FromPixels(new byte[4 * 4 * 3], 4, 4, 3);
        Assert.Throws<ObjectDisposedException>(() => upscaler.Upscale(image));
    }
}

/// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, too late for assertions).</summary>
internal sealed class Reporter<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
