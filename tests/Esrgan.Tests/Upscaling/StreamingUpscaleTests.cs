using Esrgan.Formats;
using Esrgan.Imaging;
using Esrgan.Layers;
using Esrgan.Models;
using Esrgan.Tests.Api;
using Esrgan.Tests.Cli;
using Esrgan.Upscaling;
using Xunit;

namespace Esrgan.Tests.Upscaling;

/// <summary>
/// A PNG too large to decode whole (made "too large" here by small limits) is upscaled row by row: the same bytes as
/// the in-memory path, while only a tile row's band of input rows is ever held.
/// </summary>
public sealed class StreamingUpscaleTests : IDisposable
{
    private readonly ApiSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private static readonly LoadLimits OverPixels = new() { MaxImagePixels = 100 };

    /// <summary>
    /// Byte-identical, not merely close: every tile sees the same padded crop in both paths, so the network computes
    /// the same floats and the PNG encoder gets the same rows. Alpha (by the network or bicubic), grey, 16 bits and
    /// the x8 self-ensemble all work per tile, so they apply to streamed images unchanged.
    /// </summary>
    [Theory]
    [InlineData(3, 8, false, AlphaMode.Model, "pixels")]
    [InlineData(4, 16, true, AlphaMode.Model, "pixels")]
    [InlineData(2, 8, false, AlphaMode.Bicubic, "bytes")]
    [InlineData(1, 16, false, AlphaMode.Model, "bytes")]
    public void AStreamedPngGivesTheSameBytesAsTheInMemoryPath(int channels, int bitDepth, bool tta, AlphaMode alpha, string limit)
    {
        string input = _box.Picture("in.png", 45, 37, channels, bitDepth);
        using var model = SuperResolutionModel.Load(_box.SmallModel());
        var options = new UpscalerOptions { TileSize = 8, TilePad = 4, Tta = tta, Alpha = alpha };
        // 45 x 37 costs far more than 1,000 bytes to decode whole.
        var limits = limit == "pixels" ? OverPixels : new LoadLimits { MaxDecodedImageBytes = 1000 };
        using (var opened = ImageCodec.Open(input, limits)) Assert.True(opened.Streamed);
        using (var opened = ImageCodec.Open(input)) Assert.False(opened.Streamed);

        using (var whole = new Upscaler(model, options)) whole.UpscaleFile(input, _box.Path("whole.png"));
        using (var streamed = new Upscaler(model, options) { Limits = limits }) streamed.UpscaleFile(input, _box.Path("streamed.png"));

        var info = ImageCodec.ReadInfo(_box.Path("streamed.png"));
        Assert.Equal((90, 74, channels, bitDepth), (info.Width, info.Height, info.Channels, info.BitDepth));
        Assert.Equal(File.ReadAllBytes(_box.Path("whole.png")), File.ReadAllBytes(_box.Path("streamed.png")));
    }

    /// <summary>Every PNG layout (palette, tRNS, 1-4 bit grey, 16 bits) decodes to the same samples row by row as whole.</summary>
    [Theory]
    [InlineData("gray1.png")]
    [InlineData("gray2.png")]
    [InlineData("gray4.png")]
    [InlineData("gray8_trns.png")]
    [InlineData("palette4_trns.png")]
    [InlineData("palette8.png")]
    [InlineData("rgb16_trns.png")]
    [InlineData("icc.png")]
    public void RowsDecodeToTheSameSamplesAsTheWholeImage(string name)
    {
        string png = TestPaths.Fixtures("Imaging", name);
        var whole = ImageCodec.Read(png);
        using var rows = ImageCodec.Open(png, new LoadLimits { MaxImagePixels = 0 });
        Assert.True(rows.Streamed);
        Assert.Equal((whole.Width, whole.Height, whole.Channels, whole.BitDepth), (rows.Width, rows.Height, rows.Channels, rows.BitDepth));
        Assert.Equal(whole.IccProfile, rows.IccProfile);
        var band = rows.Rows.Band(0, rows.Height);
        Assert.Equal(whole.Pixels, band.Pixels[..whole.Pixels.Length]);
    }

    /// <summary>
    /// The accounting of what a streamed input holds: the tallest band of rows is one tile row plus its padding
    /// (8 + 2 x 4 = 16 rows) whatever the image's height, and output rows leave one tile row (8 x 2 = 16) at a time.
    /// </summary>
    [Theory]
    [InlineData(37)]
    [InlineData(301)]
    public void AStreamedInputHoldsOneBandOfRowsWhateverItsHeight(int height)
    {
        string input = _box.Picture("tall.png", 20, height);
        using var net = new RrdbNet(scale: 2, numFeat: 8, numBlock: 1, numGrowCh: 8);
        net.Eval();
        var engine = new TileUpscaler(net, new UpscalerOptions { TileSize = 8, TilePad = 4 });
        using var source = ImageCodec.Open(input, OverPixels);
        int outputRows = 0, largestOutputBand = 0;
        engine.Upscale(source.Rows, (rows, count) =>
        {
            Assert.Equal(count * 40 * 3, rows.Length);
            outputRows += count;
            largestOutputBand = Math.Max(largestOutputBand, count);
        });
        Assert.Equal(16, ((StreamedRows)source.Rows).PeakRows);
        Assert.Equal((2 * height, 16), (outputRows, largestOutputBand));
    }

    [Fact]
    public void AStreamedInputIsWrittenOnlyAsPngAndNotResized()
    {
        string input = _box.Picture("in.png", 30, 20);
        using var model = SuperResolutionModel.Load(_box.SmallModel());
        using (var upscaler = new Upscaler(model, new UpscalerOptions { TileSize = 8 }) { Limits = OverPixels })
            Assert.Equal($"{input}: 30 x 20 is too large to decode whole, so it is upscaled row by row, which can write only PNG " +
                "(the JPEG encoder needs the whole image in memory)",
                Assert.Throws<ImageFileException>(() => upscaler.UpscaleFile(input, _box.Path("out.jpg"))).Message);
        using (var upscaler = new Upscaler(model, new UpscalerOptions { TileSize = 8, OutputScale = 3 }) { Limits = OverPixels })
            Assert.Equal($"{input}: 30 x 20 is too large to decode whole, so it is upscaled row by row, which cannot be resized to " +
                "another output scale (that needs the whole result in memory)",
                Assert.Throws<ImageFileException>(() => upscaler.UpscaleFile(input, _box.Path("out.png"))).Message);
        Assert.Equal(new[] { "in.png", "small.safetensors" }, Directory.GetFiles(_box.Dir).Select(f => Path.GetFileName(f)).Order().ToArray());
    }

    /// <summary>A band of a very wide image can itself be over the budget: refused before any output file is made.</summary>
    [Fact]
    public void ABandOverTheMemoryBudgetIsRefused()
    {
        string input = _box.Picture("wide.png", 200_000, 3);
        using var model = SuperResolutionModel.Load(_box.SmallModel());
        using var upscaler = new Upscaler(model, new UpscalerOptions { MemoryBudgetBytes = 16 << 20 }) { Limits = OverPixels };
        // 3 input rows of 200,000 RGB floats and 6 output rows of 400,000: 7,200,000 + 28,800,000 bytes.
        Assert.Equal($"{input}: 200,000 x 3 is upscaled row by row, but 3 input rows and 6 output rows at a time need 36,000,000 bytes, " +
            "over the memory budget of 16,777,216 bytes (raise it with --memory-mb or UpscalerOptions.MemoryBudgetBytes, or lower the tile size)",
            Assert.Throws<ImageFileException>(() => upscaler.UpscaleFile(input, _box.Path("out.png"))).Message);
        Assert.False(File.Exists(_box.Path("out.png")));
    }

    /// <summary>Adam7 cannot be read row by row, and a turned image would need its columns: both are refused over the limits, saying why.</summary>
    [Fact]
    public void InterlacedOrTurnedPngsOverTheLimitsAreRefusedSayingWhy()
    {
        // A 1 x 1 image is the same bytes interlaced or not (Adam7's first pass is its only pixel).
        string interlaced = _box.Path("interlaced.png");
        ImageCodec.Write(interlaced, TilingTests.Pattern(1, 1, 3));
        var bytes = File.ReadAllBytes(interlaced);
        bytes[28] = 1;
        Esrgan.Tests.Imaging.PngChunks.FixCrc(bytes, 8);
        File.WriteAllBytes(interlaced, bytes);
        Assert.Equal(1, ImageCodec.Read(interlaced).Width);
        Assert.Equal($"{interlaced}: PNG header claims 1 x 1 = 1 pixels (limit 0); an interlaced PNG cannot be read row by row",
            Assert.Throws<ImageFileException>(() => ImageCodec.Open(interlaced, new LoadLimits { MaxImagePixels = 0 })).Message);

        string turned = _box.Path("turned.png");
        ImageCodec.Write(turned, TilingTests.Pattern(6, 4, 3));
        File.WriteAllBytes(turned, WithExifOrientation(File.ReadAllBytes(turned), 6));
        Assert.Equal((4, 6), (ImageCodec.Read(turned).Width, ImageCodec.Read(turned).Height));
        Assert.Equal($"{turned}: PNG header claims 6 x 4 = 24 pixels (limit 23); its EXIF orientation 6 cannot be applied row by row",
            Assert.Throws<ImageFileException>(() => ImageCodec.Open(turned, new LoadLimits { MaxImagePixels = 23 })).Message);
    }

    [Fact]
    public void ReadInfoDescribesAPngOverThePixelLimitWhichReadRefuses()
    {
        string png = _box.Picture("in.png", 30, 20);
        Assert.Equal(30, ImageCodec.ReadInfo(png, OverPixels).Width);
        Assert.Equal($"{png}: PNG header claims 30 x 20 = 600 pixels (limit 100)",
            Assert.Throws<ImageFileException>(() => ImageCodec.Read(png, OverPixels)).Message);
    }

    /// <summary>The PNG with an eXIf chunk (a little-endian TIFF holding only Orientation) after its IHDR.</summary>
    private static byte[] WithExifOrientation(byte[] png, int orientation)
    {
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, 0, 0, 0, 0];
        var chunk = new MemoryStream();
        Esrgan.Tests.Imaging.PngChunks.Write(chunk, "eXIf", tiff);
        const int afterIhdr = 8 + 12 + 13;
        return [.. png[..afterIhdr], .. chunk.ToArray(), .. png[afterIhdr..]];
    }
}

/// <summary>Through the command line the memory budget decides: an image that costs more than --memory-mb to decode whole is streamed.</summary>
[Collection(CliCollection.Name)]
public sealed class StreamingUpscaleCommandTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public void AnImageOverTheMemoryBudgetIsStreamedToTheSameBytes()
    {
        // 1200 x 940 RGB: 1 + 4 bytes per sample whole, 16,920,000 bytes, over a 16 MiB budget.
        string input = _box.Path("in.png");
        ImageCodec.Write(input, TilingTests.Pattern(1200, 940, 3));
        string[] upscale = ["upscale", input, "-m", TinyModel(), "--tile", "128"];

        Assert.Equal(0, CliSandbox.Run([.. upscale, "-o", _box.Path("whole.png")]).Code);
        Assert.Equal(0, CliSandbox.Run([.. upscale, "-o", _box.Path("streamed.png"), "--memory-mb", "16"]).Code);
        var resized = CliSandbox.Run([.. upscale, "-o", _box.Path("resized.png"), "--memory-mb", "16", "--outscale", "3"]);

        Assert.Equal(1, resized.Code);
        Assert.Contains($"error: {input}: 1,200 x 940 is too large to decode whole, so it is upscaled row by row, which cannot be resized", resized.Err);
        Assert.Equal(File.ReadAllBytes(_box.Path("whole.png")), File.ReadAllBytes(_box.Path("streamed.png")));
    }

    /// <summary>A x2 SRVGGNetCompact of 4 features: fast enough for a megapixel.</summary>
    private string TinyModel()
    {
        using var net = new SrvggNetCompact(numFeat: 4, numConv: 1, upscale: 2);
        Init.KaimingNormal(net, new Random(5), 0.5f);
        var spec = new ModelSpec("SRVGGNetCompact", new Dictionary<string, int>
        {
            ["num_in_ch"] = 3, ["num_out_ch"] = 3, ["num_feat"] = 4, ["num_conv"] = 1, ["upscale"] = 2,
        });
        string path = _box.Path("tiny.safetensors");
        ModelFile.SaveSafetensors(path, net.StateDict(), spec);
        return path;
    }
}
