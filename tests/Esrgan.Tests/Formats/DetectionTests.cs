using Esrgan.Models.Architectures;
using Esrgan.Engine;
using Esrgan.Formats;
using Esrgan.Formats.Architectures;
using Xunit;

namespace Esrgan.Tests.Formats;

public class DetectionTests
{
    [Theory]
    [InlineData("rrdb_x2.pth", 2, "rrdb_x2_expected.npz")]
    [InlineData("rrdb_x1.pth", 1, "rrdb_x1_expected.npz")]
    public void PixelUnshuffleRrdbGetsItsScaleFromConvFirst(string file, int scale, string expected)
    {
        var model = ModelFile.Load(FormatFixtures.Path(file));
        Assert.Equal(FormatFixtures.TinyRrdbX4 with { Options = new Dictionary<string, int>(FormatFixtures.TinyRrdbX4.Options) { ["scale"] = scale } }, model.Spec);
        Assert.Equal(scale, model.Spec.Scale);
        FormatFixtures.AssertEqualsExpected(model.Weights, expected);
    }

    [Fact]
    public void MsrResNetX4AndX3AreDetected()
    {
        var x4 = ModelFile.Load(FormatFixtures.Path("msrresnet_x4.pth"));
        Assert.Equal(FormatFixtures.Spec("MSRResNet", ("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 4), ("num_block", 2), ("upscale", 4)), x4.Spec);
        FormatFixtures.AssertEqualsExpected(x4.Weights, "msrresnet_expected.npz");
        Assert.Equal(3, ModelFile.Load(FormatFixtures.Path("msrresnet_x3.pth")).Spec.Scale);
    }

    [Fact]
    public void VggDiscriminatorIsDetectedAndDropsBatchCounters()
    {
        var model = ModelFile.Load(FormatFixtures.Path("vggdisc.pth"));
        Assert.Equal(FormatFixtures.Spec("VGGStyleDiscriminator", ("num_in_ch", 3), ("num_feat", 1), ("input_size", 128)), model.Spec);
        Assert.Null(model.Spec.Scale);
        FormatFixtures.AssertEqualsExpected(model.Weights, "vggdisc_expected.npz");
    }

    [Fact]
    public void ParameterCountSkipsRunningStatistics()
    {
        var weights = ModelFile.Load(FormatFixtures.Path("vggdisc.pth")).Weights;
        long all = weights.Sum(kv => kv.Value.Length);
        long stats = weights.Where(kv => kv.Key.Contains(".running_")).Sum(kv => kv.Value.Length);
        Assert.True(stats > 0);
        Assert.Equal(all - stats, weights.ParameterCount);
    }

    [Fact]
    public void UnknownKeysListTheExpectedFamilies()
    {
        var weights = new StateDict();
        weights.Add("encoder.weight", new HostTensor([2, 2]));
        var e = Assert.Throws<InvalidDataException>(() => ArchitectureRegistry.Detect(weights, "custom.pth"));
        Assert.Contains("custom.pth", e.Message);
        Assert.Contains("RRDBNet (conv_first", e.Message);
        Assert.Contains("encoder.weight", e.Message);
    }

    [Fact]
    public void MissingAndUnexpectedKeysAreListed()
    {
        var weights = ModelFile.Load(FormatFixtures.Path("rrdb_x4_zip.pth")).Weights;
        var broken = new StateDict();
        foreach (var (k, v) in weights)
            if (k != "conv_hr.weight") broken.Add(k == "conv_last.bias" ? "conv_final.bias" : k, v);
        var e = Assert.Throws<InvalidDataException>(() => LayoutValidator.Canonical(broken, FormatFixtures.TinyRrdbX4, "broken"));
        Assert.Contains("missing: conv_hr.weight, conv_last.bias", e.Message);
        Assert.Contains("unexpected: conv_final.bias", e.Message);
    }

    [Fact]
    public void WrongShapesAreReported()
    {
        var weights = ModelFile.Load(FormatFixtures.Path("rrdb_x4_zip.pth")).Weights;
        var spec = FormatFixtures.TinyRrdbX4 with { Options = new Dictionary<string, int>(FormatFixtures.TinyRrdbX4.Options) { ["num_grow_ch"] = 5 } };
        var e = Assert.Throws<InvalidDataException>(() => LayoutValidator.Canonical(weights, spec, "grown"));
        Assert.Contains("wrong shape: body.0.rdb1.conv1.weight is [4, 8, 3, 3], expected [5, 8, 3, 3]", e.Message);
    }

    [Fact]
    public void KeyFamiliesAllMapToBasicSR()
    {
        var names = new[] { "model.0.weight", "model.1.sub.0.RDB2.conv3.0.bias", "model.1.sub.1.weight", "model.3.weight", "model.6.weight", "model.8.weight", "model.10.bias" };
        var old = new StateDict();
        foreach (var n in names) old.Add(n, new HostTensor([1]));
        Assert.Equal(["conv_first.weight", "body.0.rdb2.conv3.bias", "conv_body.weight", "conv_up1.weight", "conv_up2.weight", "conv_hr.weight", "conv_last.bias"],
            KeyFamilies.ToBasicSR(old).Keys);

        var fresh = new StateDict();
        foreach (var n in new[] { "module.RRDB_trunk.2.RDB1.conv5.weight", "module.trunk_conv.bias", "module.upconv2.weight", "module.HRconv.weight" })
            fresh.Add(n, new HostTensor([1]));
        Assert.Equal(["body.2.rdb1.conv5.weight", "conv_body.bias", "conv_up2.weight", "conv_hr.weight"], KeyFamilies.ToBasicSR(fresh).Keys);
    }
}
