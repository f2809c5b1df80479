using Esrgan.Engine;
using Esrgan.Layers;
using Xunit;

namespace Esrgan.Tests.Engine;

/// <summary>
/// The integer-factor upsampling layers are checked against PyTorch through the networks on plain images; here their
/// blocked-layout results (odd channel counts, so with padding) must equal the plain ones.
/// </summary>
public class ResizeLayoutTests
{
    public static TheoryData<string, int> Cases() => new() { { "nearest", 3 }, { "nearest", 4 }, { "bilinear", 2 }, { "bilinear", 3 } };

    private static Module Make(string mode, int factor) => mode == "nearest" ? new UpsampleNearest(factor) : new UpsampleBilinear(factor);

    [Theory]
    [MemberData(nameof(Cases))]
    public void BlockedLayoutEqualsPlain(string mode, int factor)
    {
        using var x = Golden.Formula("x", [2, 5, 4, 3]);
        using var plain = Make(mode, factor);
        using var y = plain.Forward(x);
        using var dy = Golden.Formula("dy", [y.N, y.C, y.H, y.W]);
        using var dx = plain.Backward(dy);

        var layout = Backend.Current.ActivationLayout;
        using var blocked = Make(mode, factor);
        using var xb = TensorOps.InLayout(x, layout);
        using var yb = blocked.Forward(xb);
        using var dyb = TensorOps.InLayout(dy, layout);
        using var dxb = blocked.Backward(dyb);
        Assert.Equal(layout, yb.Layout);
        Assert.Equal(y.ToHost().Data, yb.ToHost().Data);
        Assert.Equal(dx.ToHost().Data, dxb.ToHost().Data);
    }
}
