using Esrgan.Models.Architectures;
using Esrgan.Formats;
using Esrgan.Models;
using Esrgan.Tests.Engine;
using Esrgan.Tests.Formats;
using Xunit;

namespace Esrgan.Tests.Models;

/// <summary>
/// The whole load path: each tiny checkpoint under Fixtures/Formats, opened by ModelFile.Load and built by
/// ArchitectureRegistry.Load, reproduces PyTorch's output for the weights it holds (in evaluation mode).
/// </summary>
public class LoadPathTests
{
    [Theory]
    [InlineData("rrdb_x4_zip.pth", "rrdb_x4")]
    [InlineData("rrdb_x4_legacy.pth", "rrdb_x4")]
    [InlineData("rrdb_x4_fp64.pth", "rrdb_x4")]
    [InlineData("rrdb_x4_ema.pth", "rrdb_x4")]
    [InlineData("rrdb_x4_oldarch.pth", "rrdb_x4")]
    [InlineData("rrdb_x4_newarch.pth", "rrdb_x4")]
    [InlineData("rrdb_x4_python.safetensors", "rrdb_x4")]
    [InlineData("rrdb_x2.pth", "rrdb_x2")]
    [InlineData("rrdb_x1.pth", "rrdb_x1")]
    [InlineData("ncnn_rrdb_x4.param", "ncnn_rrdb_x4")]
    [InlineData("ncnn_rrdb_x4_fp32first.bin", "ncnn_rrdb_x4_fp32first")]
    [InlineData("srvgg_zip.pth", "srvgg")]
    [InlineData("srvgg_fp16.pth", "srvgg_fp16")]
    [InlineData("srvgg_fp16_legacy.pth", "srvgg_fp16")]
    [InlineData("srvgg_bf16.pth", "srvgg_bf16")]
    [InlineData("ncnn_srvgg_x4.param", "srvgg_fp16")]
    [InlineData("msrresnet_x4.pth", "msrresnet_x4")]
    [InlineData("msrresnet_x3.pth", "msrresnet_x3")]
    [InlineData("vggdisc.pth", "vggdisc")]
    public void LoadedCheckpointReproducesPyTorch(string checkpoint, string fixture)
    {
        var d = ModelFixtures.Load("load_" + fixture);
        using var net = ArchitectureRegistry.Load(ModelFile.Load(FormatFixtures.Path(checkpoint)));
        Assert.False(net.IsTraining);
        using var x = ModelFixtures.Input(d);
        using var y = net.Forward(x);
        Golden.Close(y, d["y"], 1e-5, $"{checkpoint} forward");
    }
}
