using Esrgan.Formats;
using Esrgan.Upscaling;
using Xunit;

namespace Esrgan.Tests.Cli;

/// <summary>Registered names work in every command that takes a model, and `esrgan models` lists them.</summary>
[Collection(CliCollection.Name)]
public sealed class RegisteredModelTests : IDisposable
{
    private readonly CliSandbox _box = new();
    private readonly string? _previousFolder = Environment.GetEnvironmentVariable("ESRGAN_MODEL_DIR");

    public RegisteredModelTests()
    {
        // The cache holds a small stand-in under the registered name, so nothing is fetched.
        Environment.SetEnvironmentVariable("ESRGAN_MODEL_DIR", _box.Folder("models"));
        CliSandbox.SmallModel(ModelStore.CachedFile("realesrgan-x4plus"));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("ESRGAN_MODEL_DIR", _previousFolder);
        _box.Dispose();
    }

    [Fact]
    public void ModelsListsEachRegisteredModelWithItsCacheState()
    {
        var r = CliSandbox.Run("models");
        Assert.Equal(0, r.Code);
        string[] lines = r.Out.Split('\n');
        string plus = Assert.Single(lines, l => l.StartsWith("realesrgan-x4plus ", StringComparison.Ordinal));
        Assert.Contains("RRDBNet", plus);
        Assert.Contains("x4", plus);
        Assert.Contains("BSD-3-Clause", plus);
        Assert.Contains(ModelStore.CachedFile("realesrgan-x4plus"), plus);
        string fast = Assert.Single(lines, l => l.StartsWith("realesrgan-x4fast ", StringComparison.Ordinal));
        Assert.Contains("SRVGGNetCompact", fast);
        Assert.Contains("no (fetched", fast);
    }

    [Fact]
    public void InfoConvertAndInterpolateTakeARegisteredName()
    {
        var info = CliSandbox.Run("info", "realesrgan-x4plus", "--json");
        Assert.Equal(0, info.Code);
        Assert.Contains("\"num_feat\": 16", info.Out);

        string converted = _box.Path("converted.safetensors");
        Assert.Equal(0, CliSandbox.Run("convert", "realesrgan-x4plus", converted).Code);
        Assert.Equal(ModelFile.Load(ModelStore.CachedFile("realesrgan-x4plus")).Weights.ParameterCount, ModelFile.Load(converted).Weights.ParameterCount);

        string mixed = _box.Path("mixed.safetensors");
        Assert.Equal(0, CliSandbox.Run("interpolate", "realesrgan-x4plus", converted, "--alpha", "0.5", "-o", mixed).Code);
        Assert.True(File.Exists(mixed));
    }
}
