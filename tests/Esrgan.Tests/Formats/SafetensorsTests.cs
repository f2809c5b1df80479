using Esrgan.Engine;
using Esrgan.Formats;
using Esrgan.Formats.Architectures;
using Esrgan.Formats.Safetensors;
using Xunit;

namespace Esrgan.Tests.Formats;

public class SafetensorsTests
{
    private static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory("esrgan-st-").FullName, name);

    [Fact]
    public void PythonWrittenSafetensorsLoadExactly()
    {
        var model = ModelFile.Load(FormatFixtures.Path("rrdb_x4_python.safetensors"));
        Assert.Equal("safetensors", model.Format);
        Assert.Equal(FormatFixtures.TinyRrdbX4, model.Spec);
        Assert.Equal("python", model.Weights.Metadata["source"]);
        FormatFixtures.AssertEqualsExpected(model.Weights, "rrdb_x4_expected.npz");
    }

    [Fact]
    public void SavedModelsCarryTheirSpecAndRoundTripBitIdentically()
    {
        var model = ModelFile.Load(FormatFixtures.Path("rrdb_x4_legacy.pth"));
        string first = TempFile("a.safetensors"), second = TempFile("b.safetensors");
        ModelFile.SaveSafetensors(first, model.Weights, model.Spec);
        var reloaded = ModelFile.Load(first);
        Assert.Equal(model.Spec, reloaded.Spec);
        Assert.Equal("esrgan-cs", reloaded.Weights.Metadata["format"]);
        Assert.Equal("RRDBNet", reloaded.Weights.Metadata["architecture"]);
        Assert.Equal("""{"num_in_ch":3,"num_out_ch":3,"num_feat":8,"num_block":1,"num_grow_ch":4,"scale":4}""", reloaded.Weights.Metadata["options"]);
        FormatFixtures.AssertEqualsExpected(reloaded.Weights, "rrdb_x4_expected.npz");
        ModelFile.SaveSafetensors(second, reloaded.Weights, reloaded.Spec);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(0, (BitConverter.ToInt64(File.ReadAllBytes(first), 0) + 8) % 8);
    }

    [Fact]
    public void RecordedSpecIsUsedForOurOwnSrResNet()
    {
        var spec = FormatFixtures.Spec("SRResNet", ("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 4), ("num_block", 2), ("upscale", 4));
        var weights = new StateDict();
        int seed = 0;
        foreach (var (name, shape) in ModelLayouts.For(spec))
        {
            var t = new HostTensor(shape);
            for (int i = 0; i < t.Data.Length; i++) t.Data[i] = seed++ * 0.001f;
            weights.Add(name, t);
        }
        string file = TempFile("srresnet.safetensors");
        ModelFile.SaveSafetensors(file, weights, spec);
        var loaded = ModelFile.Load(file);
        Assert.Equal(spec, loaded.Spec);
        Assert.Equal(spec, ArchitectureDetector.Detect(loaded.Weights, file));
        Assert.Equal(weights["bn_body.running_var"].Data, loaded.Weights["bn_body.running_var"].Data);
    }

    [Fact]
    public void SavingWeightsThatDoNotFitTheSpecIsRefused()
    {
        var weights = ModelFile.Load(FormatFixtures.Path("srvgg_zip.pth")).Weights;
        string file = TempFile("bad.safetensors");
        Assert.Throws<InvalidDataException>(() => ModelFile.SaveSafetensors(file, weights, FormatFixtures.TinyRrdbX4));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void TruncatedSafetensorsNameTheFile()
    {
        string cut = FormatFixtures.TruncatedCopy("rrdb_x4_python.safetensors", 0.5);
        var e = Assert.Throws<SafetensorsFileException>(() => SafetensorsReader.Read(cut));
        Assert.Contains(cut, e.Message);
        Assert.Contains("truncated", e.Message);
    }
}
