using Esrgan.Engine;
using Esrgan.Layers;
using Esrgan.Models;
using Esrgan.Tests.Engine;
using Xunit;

namespace Esrgan.Tests.Layers;

/// <summary>Backward must follow the layer's last forward, and says which layer when it does not.</summary>
public class LayerStateTests
{
    private static Tensor Images(int n, int side)
    {
        var host = new HostTensor([n, 3, side, side]);
        Golden.Formula("x", host.Data, 0.5);
        return Tensor.FromHost(host);
    }

    private static Tensor Ones(Tensor like)
    {
        var t = Tensor.Zeros(like.N, like.C, like.H, like.W, like.Layout);
        t.Span.Fill(1f);
        return t;
    }

    [Fact]
    public void DiscriminatorBackwardAfterADetachedForwardNamesTheLayer()
    {
        // GanStep's G step in the wrong order: D(sr) with gradients, then D(gt) detached, then backward.
        using var d = new VggStyleDiscriminator(3, 4, 128);
        Golden.FillByFormula(d);
        using var sr = Images(2, 128);
        using var gt = Images(2, 128);
        using var fake = d.Forward(sr);
        using (GradMode.Disable())
        using (d.Forward(gt)) { }
        using var g = Ones(fake);
        var e = Assert.Throws<LayerStateException>(() => d.Backward(g));
        Assert.Contains("VggStyleDiscriminator", e.Message);
        Assert.Contains("without gradients", e.Message);
    }

    [Fact]
    public void PerceptualFeaturesOfGtAfterSrNameTheLayer()
    {
        // PerceptualLoss in the wrong order: VGG(sr) with gradients, then VGG(gt) without, then backward.
        using var vgg = new Vgg19FeatureExtractor(["relu2_1"]);
        Golden.FillByFormula(vgg);
        using var sr = Images(1, 16);
        using var gt = Images(1, 16);
        var features = vgg.Extract(sr);
        using (GradMode.Disable())
            foreach (var t in vgg.Extract(gt).Values) t.Dispose();
        try
        {
            var e = Assert.Throws<LayerStateException>(() => vgg.Backward(features.ToDictionary(kv => kv.Key, kv => Ones(kv.Value))));
            Assert.Contains("Vgg19FeatureExtractor", e.Message);
        }
        finally
        {
            foreach (var t in features.Values) t.Dispose();
        }
    }

    [Fact]
    public void InnerLayerNamesItsPathAndForwardNumbers()
    {
        // The composite checks nothing itself here (Chain is called directly), so the inner layer's stamp catches it.
        using var net = new Sequential(new Conv2d(3, 4, 3), new LeakyRelu(0.2f));
        Golden.FillByFormula(net);
        using var x = Images(1, 8);
        using var y = net.Forward(x);
        using (GradMode.Disable())
        using (net.Layers[1].Forward(y)) { }
        using var g = Ones(y);
        var e = Assert.Throws<LayerStateException>(() => Sequential.Chain(g, net.Layers.Reverse(), (m, t) => m.Backward(t)));
        Assert.Contains("Sequential.1 (LeakyRelu)", e.Message);
        Assert.Contains("forward #2", e.Message);
    }

    [Fact]
    public void BackwardBeforeAnyForwardSaysSo()
    {
        using var conv = new Conv2d(3, 4, 3);
        using var g = Tensor.Zeros(1, 4, 8, 8, Backend.Current.ActivationLayout);
        var e = Assert.Throws<LayerStateException>(() => conv.Backward(g));
        Assert.Contains("Conv2d (Conv2d): backward before any forward", e.Message);
    }

    [Fact]
    public void BackwardInTheRightOrderStillWorksAfterADetachedForward()
    {
        using var d = new VggStyleDiscriminator(3, 4, 128);
        Golden.FillByFormula(d);
        using var sr = Images(2, 128);
        using (GradMode.Disable())
        using (d.Forward(sr)) { }
        using var fake = d.Forward(sr);
        using var g = Ones(fake);
        using var gradInput = d.Backward(g);
        Assert.Equal(sr.H, gradInput.H);
    }
}
