using Esrgan.Formats;
using Esrgan.Formats.Architectures;
using Esrgan.Formats.Torch;
using Xunit;

namespace Esrgan.Tests.Formats;

public class TorchCheckpointTests
{
    [Theory]
    [InlineData("rrdb_x4_zip.pth", "pytorch-zip")]
    [InlineData("rrdb_x4_legacy.pth", "pytorch-legacy")]
    [InlineData("rrdb_x4_fp64.pth", "pytorch-zip")]
    [InlineData("rrdb_x4_ema.pth", "pytorch-zip")]
    [InlineData("rrdb_x4_oldarch.pth", "pytorch-legacy")]
    [InlineData("rrdb_x4_newarch.pth", "pytorch-zip")]
    public void RrdbVariantsLoadPyTorchsExactValues(string file, string format)
    {
        var model = ModelFile.Load(FormatFixtures.Path(file));
        Assert.Equal(format, model.Format);
        Assert.Equal(FormatFixtures.TinyRrdbX4, model.Spec);
        FormatFixtures.AssertEqualsExpected(model.Weights, "rrdb_x4_expected.npz");
        Assert.Equal("conv_first.weight", model.Weights.Keys[0]);
        Assert.Equal("conv_last.bias", model.Weights.Keys[^1]);
    }

    [Theory]
    [InlineData("srvgg_zip.pth", "srvgg_expected.npz")]
    [InlineData("srvgg_fp16.pth", "srvgg_fp16_expected.npz")]
    [InlineData("srvgg_fp16_legacy.pth", "srvgg_fp16_expected.npz")]
    [InlineData("srvgg_bf16.pth", "srvgg_bf16_expected.npz")]
    public void ReducedPrecisionConvertsExactlyToFp32(string file, string expected)
    {
        var model = ModelFile.Load(FormatFixtures.Path(file));
        Assert.Equal(FormatFixtures.TinySrvgg, model.Spec);
        FormatFixtures.AssertEqualsExpected(model.Weights, expected);
    }

    [Fact]
    public void ReducedPrecisionValuesReallyDifferFromFp32()
    {
        var full = ModelFile.Load(FormatFixtures.Path("srvgg_zip.pth")).Weights["body.0.weight"].Data;
        var half = ModelFile.Load(FormatFixtures.Path("srvgg_fp16.pth")).Weights["body.0.weight"].Data;
        var bf16 = ModelFile.Load(FormatFixtures.Path("srvgg_bf16.pth")).Weights["body.0.weight"].Data;
        Assert.NotEqual(full, half);
        Assert.NotEqual(half, bf16);
        Assert.All(bf16, v => Assert.Equal(0, BitConverter.SingleToInt32Bits(v) & 0xFFFF));
    }

    [Theory]
    [InlineData("views_zip.pth")]
    [InlineData("views_legacy.pth")]
    public void NonContiguousViewsAreMaterialisedAsPyTorchShowsThem(string file)
    {
        var (root, _) = TorchCheckpoint.Read(FormatFixtures.Path(file));
        var tensors = CheckpointContainer.Select(root, file);
        FormatFixtures.AssertEqualsExpected(tensors, "views_expected.npz");
        Assert.Equal([10, 6], tensors["transposed"].Shape);
        Assert.Equal(-3f + 0.25f * 10, tensors["transposed"].Data[1]);
        Assert.Equal([], tensors["scalar"].Shape);
        Assert.Equal(4.25f, tensors["scalar"].Data[0]);
    }

    [Fact]
    public void ParamsEmaIsPreferredOverParams()
    {
        var weights = ModelFile.Load(FormatFixtures.Path("rrdb_x4_ema.pth")).Weights;
        Assert.Contains(weights["conv_first.weight"].Data, v => v != 0);
    }
}
