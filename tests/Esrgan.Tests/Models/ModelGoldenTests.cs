using Esrgan.Layers;
using Esrgan.Models;
using Esrgan.Tests.Engine;
using Xunit;

namespace Esrgan.Tests.Models;

/// <summary>Every network against PyTorch in training mode: forward, input gradient, parameter gradients, batch-norm statistics.</summary>
public class ModelGoldenTests
{
    public static TheoryData<string> Networks() =>
    [
        "srvgg_nf8_nc2_x4", "srvgg_nf8_nc1_x3", "msrresnet_nf8_nb2_x4", "msrresnet_nf8_nb1_x3", "msrresnet_nf8_nb1_x2",
        "srresnet_nf8_nb2_x4", "srresnet_nobn_nf8_nb2_x2", "vggdisc_nf2_128", "srgandisc_nf2_96",
    ];

    private static Module Make(string name) => name switch
    {
        "srvgg_nf8_nc2_x4" => new SrvggNetCompact(numFeat: 8, numConv: 2, upscale: 4),
        "srvgg_nf8_nc1_x3" => new SrvggNetCompact(numFeat: 8, numConv: 1, upscale: 3),
        "msrresnet_nf8_nb2_x4" => new MsrResNet(numFeat: 8, numBlock: 2, upscale: 4),
        "msrresnet_nf8_nb1_x3" => new MsrResNet(numFeat: 8, numBlock: 1, upscale: 3),
        "msrresnet_nf8_nb1_x2" => new MsrResNet(numFeat: 8, numBlock: 1, upscale: 2),
        "srresnet_nf8_nb2_x4" => new SrResNet(numFeat: 8, numBlock: 2, upscale: 4),
        "srresnet_nobn_nf8_nb2_x2" => new SrResNet(numFeat: 8, numBlock: 2, upscale: 2, batchNorm: false),
        "vggdisc_nf2_128" => new VggStyleDiscriminator(numFeat: 2, inputSize: 128),
        "srgandisc_nf2_96" => new SrganDiscriminator(numFeat: 2, inputSize: 96),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void ForwardAndGradientsMatchPyTorch(string name)
    {
        var d = ModelFixtures.Load(name);
        using var net = Make(name);
        Golden.FillByFormula(net);
        using var x = ModelFixtures.Input(d);
        using var y = net.Forward(x);
        Assert.True(y.Layout.IsPlain, $"{name} output is {y.ShapeString}, not plain");
        Golden.Close(y, d["y"], 1e-5, $"{name} forward");
        using var dy = ModelFixtures.UpstreamGradient("dy", y);
        using var dx = net.Backward(dy);
        Assert.True(dx.Layout.IsPlain && dx.SameShape(x), $"{name} input gradient is {dx.ShapeString}");
        ModelFixtures.CloseSampled(dx.ToHost().Data, d, "dx", 1e-4, $"{name} input gradient");
        double floor = ModelFixtures.GradientFloor(d);
        foreach (var (pname, p) in net.NamedParameters())
            ModelFixtures.CloseSampled(p.Grad, d, "grad." + pname, 1e-4, $"{name} gradient of {pname}", floor);
        foreach (var (bname, b) in net.NamedBuffers())
            Golden.Close(b.Values, d["buffer." + bname], 1e-5, $"{name} {bname} after one training forward");
    }

    [Fact]
    public void FrozenNetworksStillPassTheInputGradient()
    {
        var d = ModelFixtures.Load("srvgg_nf8_nc2_x4");
        using var net = Make("srvgg_nf8_nc2_x4");
        Golden.FillByFormula(net);
        net.Freeze();
        using var x = ModelFixtures.Input(d);
        using var y = net.Forward(x);
        using var dy = ModelFixtures.UpstreamGradient("dy", y);
        using var dx = net.Backward(dy);
        ModelFixtures.CloseSampled(dx.ToHost().Data, d, "dx", 1e-4, "frozen input gradient");
        Assert.All(net.Parameters(), p => Assert.All(p.Grad, g => Assert.Equal(0f, g)));
    }

    [Fact]
    public void DiscriminatorsRefuseOtherImageSizes()
    {
        using var net = new VggStyleDiscriminator(numFeat: 1);
        using var x = Golden.Formula("x", [1, 3, 96, 96]);
        Assert.Contains("128x128", Assert.Throws<ArgumentException>(() => net.Forward(x).Dispose()).Message);
    }
}
