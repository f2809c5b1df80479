using Esrgan.Formats;
using Esrgan.Imaging;
using Esrgan.Layers;
using Esrgan.Models;
using Esrgan.Upscaling;
using Esrgan.Tests.Engine;
using Xunit;

namespace Esrgan.Tests.Upscaling;

public sealed class UpscaleCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esrgan-upscale-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string SmallModel() => Esrgan.Tests.Cli.CliSandbox.SmallModel(Path.Combine(_dir, "small.safetensors"));

    private static int Cli(params string[] args) => Esrgan.Cli.Program.Main(args);

    [Fact]
    public void ABadFileInABatchIsReportedAndTheOthersAreWritten()
    {
        string input = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        ImageCodec.Write(Path.Combine(input, "good.png"), TilingTests.Pattern(12, 10, 3));
        ImageCodec.Write(Path.Combine(input, "deep.png"), TilingTests.Pattern(9, 8, 4, bitDepth: 16));
        File.WriteAllBytes(Path.Combine(input, "broken.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);
        string output = Path.Combine(_dir, "out");
        int code = Cli("upscale", input, "-o", output, "--model", SmallModel());
        Assert.Equal(1, code);
        var good = ImageCodec.ReadInfo(Path.Combine(output, "good_out.png"));
        Assert.Equal((24, 20, 3), (good.Width, good.Height, good.Channels));
        var deep = ImageCodec.ReadInfo(Path.Combine(output, "deep_out.png"));
        Assert.Equal((18, 16, 4, 16), (deep.Width, deep.Height, deep.Channels, deep.BitDepth));
        Assert.Equal(new[] { "deep_out.png", "good_out.png" }, Directory.GetFiles(output).Select(f => Path.GetFileName(f)).Order().ToArray());
    }

    /// <summary>Hostile images of every class are reported and skipped; the good one is still written.</summary>
    [Fact]
    public void HostileImagesInABatchAreSkipped()
    {
        string input = Directory.CreateDirectory(Path.Combine(_dir, "hostile")).FullName;
        ImageCodec.Write(Path.Combine(input, "good.png"), TilingTests.Pattern(12, 10, 3));
        foreach (var name in new[] { "png_huge_header.png", "png_tall.png", "png_implausible.png", "jpeg_huge_header.jpg", "jpeg_implausible.jpg" })
            File.Copy(TestPaths.Fixtures("Attacks", name), Path.Combine(input, name));
        File.WriteAllBytes(Path.Combine(input, "garbage.webp"), [.. "RIFF\0\0\0\0WEBPVP8 "u8, 0xFF, 0xFF]);
        string output = Path.Combine(_dir, "hostile-out");
        Assert.Equal(1, Cli("upscale", input, "-o", output, "--model", SmallModel()));
        Assert.Equal(["good_out.png"], Directory.GetFiles(output).Select(f => Path.GetFileName(f)).ToArray());
        Assert.Equal((24, 20), (ImageCodec.ReadInfo(Path.Combine(output, "good_out.png")).Width, ImageCodec.ReadInfo(Path.Combine(output, "good_out.png")).Height));
    }

    [Fact]
    public void ExistingOutputsAreKeptUnlessOverwriteIsGiven()
    {
        string input = Path.Combine(_dir, "a.png");
        ImageCodec.Write(input, TilingTests.Pattern(8, 8, 3));
        string target = Path.Combine(_dir, "a_x2.png");
        File.WriteAllText(target, "keep me");
        string model = SmallModel();
        Assert.Equal(1, Cli("upscale", input, "-o", target, "--model", model));
        Assert.Equal("keep me", File.ReadAllText(target));
        Assert.Equal(0, Cli("upscale", input, "-o", target, "--model", model, "--skip-existing"));
        Assert.Equal("keep me", File.ReadAllText(target));
        Assert.Equal(0, Cli("upscale", input, "-o", target, "--model", model, "--overwrite", "--outscale", "3"));
        Assert.Equal(24, ImageCodec.ReadInfo(target).Width);
    }

    [Fact]
    public void EvaluateRunsAModelFile()
    {
        string hr = Directory.CreateDirectory(Path.Combine(_dir, "hr")).FullName;
        ImageCodec.Write(Path.Combine(hr, "one.png"), TilingTests.Pattern(24, 20, 3, seed: 4));
        ImageCodec.Write(Path.Combine(hr, "two.png"), TilingTests.Pattern(16, 16, 3, seed: 5));
        string json = Path.Combine(_dir, "scores.json");
        Assert.Equal(0, Cli("evaluate", "--hr", hr, "--model", SmallModel(), "--scale", "2", "--no-niqe", "--json", json));
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        Assert.Contains("psnr_y", doc.RootElement.GetRawText());
        Assert.Equal(1, Cli("evaluate", "--hr", hr, "--model", SmallModel(), "--scale", "4", "--no-niqe"));
    }

    [Fact]
    public void InterpolationRefusesDifferentArchitectures()
    {
        string a = SmallModel();
        using var other = new RrdbNet(scale: 2, numFeat: 16, numBlock: 2, numGrowCh: 16);
        string b = Path.Combine(_dir, "other.safetensors");
        ModelFile.SaveSafetensors(b, other.StateDict(), new ModelSpec("RRDBNet", new Dictionary<string, int>
        {
            ["num_in_ch"] = 3, ["num_out_ch"] = 3, ["scale"] = 2, ["num_feat"] = 16, ["num_block"] = 2, ["num_grow_ch"] = 16,
        }));
        string output = Path.Combine(_dir, "mix.safetensors");
        Assert.Equal(1, Cli("interpolate", a, b, "--alpha", "0.5", "-o", output));
        Assert.False(File.Exists(output));
    }

    /// <summary>
    /// Eq. 4 at its ends: alpha 0 is the PSNR model and alpha 1 the GAN model, bit for bit in every tensor (also
    /// through `esrgan interpolate`), and alpha 0.5 is the element-wise mean.
    /// </summary>
    [Fact]
    public void InterpolationAtTheEndsReproducesEachModel()
    {
        string psnrFile = SmallModel();
        var psnr = ModelFile.Load(psnrFile);
        var gan = new LoadedModel(new StateDict(), psnr.Spec, "test");
        foreach (var (key, t) in psnr.Weights)
        {
            var other = t.Clone();
            Golden.Formula("gan " + key, other.Data, 3.7);
            gan.Weights.Add(key, other);
        }
        string ganFile = Path.Combine(_dir, "gan.safetensors");
        ModelFile.SaveSafetensors(ganFile, gan.Weights, gan.Spec);

        AssertSameWeights(psnr.Weights, NetworkInterpolation.Interpolate(psnr, gan, 0, "psnr", "gan"));
        AssertSameWeights(gan.Weights, NetworkInterpolation.Interpolate(psnr, gan, 1, "psnr", "gan"));
        var half = NetworkInterpolation.Interpolate(psnr, gan, 0.5, "psnr", "gan");
        foreach (var (key, t) in half)
            for (int i = 0; i < t.Data.Length; i++)
                Assert.Equal(0.5 * psnr.Weights[key].Data[i] + 0.5 * gan.Weights[key].Data[i], t.Data[i], 1e-6);

        foreach (var (alpha, expected) in new[] { ("0", psnr.Weights), ("1", gan.Weights) })
        {
            string output = Path.Combine(_dir, $"alpha{alpha}.safetensors");
            Assert.Equal(0, Cli("interpolate", psnrFile, ganFile, "--alpha", alpha, "-o", output));
            AssertSameWeights(expected, ModelFile.Load(output).Weights);
        }
    }

    private static void AssertSameWeights(StateDict expected, StateDict actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, t) in expected)
        {
            Assert.Equal(t.Shape, actual[key].Shape);
            Assert.True(t.Data.AsSpan().SequenceEqual(actual[key].Data), $"{key} differs");
        }
    }
}
