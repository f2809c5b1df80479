using Esrgan.Engine;
using Esrgan.Formats.Numpy;
using Esrgan.Layers;
using Esrgan.Layers.Losses;
using Esrgan.Models;
using Esrgan.Training.Losses;
using Esrgan.Training.Optimizers;
using Xunit;

namespace Esrgan.Tests.Engine;

public class NetworkGoldenTests
{
    /// <summary>The fixture's classifier head: flatten, linear, LeakyReLU, linear.</summary>
    private sealed class Head : Module
    {
        private readonly Linear _linear1, _linear2;
        private readonly LeakyRelu _act = new(0.2f);

        public Head()
        {
            _linear1 = RegisterModule("linear1", new Linear(16 * 4 * 4, 10));
            _linear2 = RegisterModule("linear2", new Linear(10, 1));
        }

        protected override Tensor OnForward(Tensor input) => Sequential.Chain(input, [_linear1, _act, _linear2], (m, t) => m.Forward(t));
        protected override Tensor OnBackward(Tensor gradOutput) => Sequential.Chain(gradOutput, [_linear2, _act, _linear1], (m, t) => m.Backward(t));
    }

    private static Sequential VggStack() => new(
        new Conv2d(3, 8, 3), new LeakyRelu(0.2f),
        new Conv2d(8, 8, 4, 2, 1, bias: false), new BatchNorm2d(8), new LeakyRelu(0.2f),
        new Conv2d(8, 16, 3, bias: false), new BatchNorm2d(16), new LeakyRelu(0.2f),
        new Conv2d(16, 16, 4, 2, 1, bias: false), new BatchNorm2d(16), new LeakyRelu(0.2f),
        new Head());

    public static TheoryData<string> Networks() => ["rrdbnet_nf16_nb2_gc8", "rrdbnet_nf16_nb1_gc16", "rrdbnet_x2_nf16_nb1_gc16", "vgg_stack"];

    private static Module Make(string name) => name switch
    {
        "rrdbnet_nf16_nb2_gc8" => new RrdbNet(numFeat: 16, numBlock: 2, numGrowCh: 8),
        "rrdbnet_nf16_nb1_gc16" => new RrdbNet(numFeat: 16, numBlock: 1, numGrowCh: 16),
        "rrdbnet_x2_nf16_nb1_gc16" => new RrdbNet(scale: 2, numFeat: 16, numBlock: 1, numGrowCh: 16),
        "vgg_stack" => VggStack(),
        _ => throw new ArgumentException(name),
    };

    private static LossResult Loss(string name, Tensor y, Tensor target)
    {
        if (name != "vgg_stack") return PixelLosses.L1(y, target);
        var bce = LogitLoss.Bce(y.Span, 0, 1, 1);
        return new LossResult(bce.Value, Tensor.FromHost(new HostTensor([y.N, y.C, y.H, y.W], bce.Gradient)));
    }

    private static Module Prepared(string name, Dictionary<string, NpyArray> d)
    {
        var net = Make(name);
        if (d.ContainsKey("param.0.weight")) Golden.LoadParameters(net, d);
        else Golden.FillByFormula(net);
        return net;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void ForwardAndGradientsMatchPyTorch(string name)
    {
        var d = Golden.Load(name);
        using var net = Prepared(name, d);
        using var x = Golden.Input(d["x"], TensorLayout.Plain);
        using var target = Golden.Input(d["target"], TensorLayout.Plain);
        using var y = net.Forward(x);
        Golden.Close(y, d["y"], 1e-5, $"{name} forward");
        using var loss = Loss(name, y, target);
        Assert.Equal(d["loss"].Values[0], loss.Value, 1e-5);
        using var dx = net.Backward(loss.Gradient);
        Golden.Close(dx, d["dx"], 1e-4, $"{name} input gradient");
        foreach (var (pname, p) in net.NamedParameters())
            Golden.Close(p.Grad, d["grad." + pname], 1e-4, $"{name} gradient of {pname}");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void FiveAdamStepsMatchPyTorch(string name)
    {
        var d = Golden.Load(name);
        using var net = Prepared(name, d);
        bool disc = name == "vgg_stack";
        var adam = new Adam(net.Parameters(), disc ? 1e-2 : 1e-3, 0.9, 0.99, weightDecay: disc ? 0.01 : 0);
        using var x = Golden.Input(d["x"], TensorLayout.Plain);
        using var target = Golden.Input(d["target"], TensorLayout.Plain);
        var losses = d["adam.losses"].Values;
        for (int step = 0; step < 5; step++)
        {
            adam.ZeroGrad();
            using var y = net.Forward(x);
            using var loss = Loss(name, y, target);
            Assert.True(Math.Abs(loss.Value - losses[step]) <= 1e-4 * Math.Abs(losses[step]) + 1e-7,
                $"{name} loss at step {step}: {loss.Value} vs {losses[step]}");
            using (net.Backward(loss.Gradient)) { }
            adam.StepOnce();
        }
        foreach (var (pname, p) in net.NamedParameters())
        {
            var expected = d["adam." + pname];
            Golden.Close(p.Values.AsSpan(0, expected.Values.Length), expected, 1e-4, $"{name} {pname} after 5 Adam steps");
        }
        foreach (var (bname, b) in net.NamedBuffers())
            if (d.TryGetValue("adam_buffer." + bname, out var expected) && b.Shape.Length > 0)
                Golden.Close(b.Values, expected, 1e-4, $"{name} {bname} after 5 steps");
    }

    [Fact]
    public void StateDictKeysEqualBasicSrs()
    {
        using var net = new RrdbNet(numFeat: 16, numBlock: 2, numGrowCh: 8);
        var keys = net.StateDict().Keys;
        Assert.Contains("conv_first.weight", keys);
        Assert.Contains("body.1.rdb3.conv5.bias", keys);
        Assert.Contains("conv_up2.weight", keys);
        Assert.Contains("conv_last.bias", keys);
        Assert.Equal(2 + 2 * 3 * 5 * 2 + 5 * 2, keys.Count);
    }
}
