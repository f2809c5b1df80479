using Esrgan.Engine;
using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>
/// ESRGAN's generator with BasicSR's key names (conv_first, body.N.rdbK.convJ, conv_body, conv_up1, conv_up2,
/// conv_hr, conv_last). Scales 1 and 2 pixel-unshuffle the input first, as BasicSR; scale 8 adds conv_up3.
/// Input and output are plain NCHW in [0, 1]; everything between stays in the backend's activation layout.
/// </summary>
internal sealed class RrdbNet : Module, IUpscalingNetwork
{
    private const float LeakySlope = 0.2f;
    private readonly PixelUnshuffle? _unshuffle;
    private readonly Conv2d _convFirst, _convBody, _convHr, _convLast;
    private readonly Sequential _body;
    private readonly Conv2d[] _ups;
    private readonly UpsampleNearest[] _upsamples;

    public RrdbNet(int numInCh = 3, int numOutCh = 3, int scale = 4, int numFeat = 64, int numBlock = 23, int numGrowCh = 32)
    {
        if (scale is not (1 or 2 or 4 or 8)) throw new ArgumentException($"RRDBNet supports scale 1, 2, 4 or 8, not {scale}");
        Scale = scale;
        InChannels = numInCh;
        OutChannels = numOutCh;
        int unshuffle = scale switch { 1 => 4, 2 => 2, _ => 1 };
        _unshuffle = unshuffle > 1 ? new PixelUnshuffle(unshuffle) : null;
        _convFirst = RegisterModule("conv_first", new Conv2d(numInCh * unshuffle * unshuffle, numFeat, 3));
        _body = RegisterModule("body", new Sequential());
        for (int i = 0; i < numBlock; i++) _body.Add(new ResidualInResidualDenseBlock(numFeat, numGrowCh));
        _convBody = RegisterModule("conv_body", new Conv2d(numFeat, numFeat, 3));
        int upsamples = scale == 8 ? 3 : 2;
        _ups = new Conv2d[upsamples];
        _upsamples = new UpsampleNearest[upsamples];
        for (int i = 0; i < upsamples; i++)
        {
            _ups[i] = RegisterModule($"conv_up{i + 1}", new Conv2d(numFeat, numFeat, 3, fusedLeakySlope: LeakySlope));
            _upsamples[i] = new UpsampleNearest();
        }
        _convHr = RegisterModule("conv_hr", new Conv2d(numFeat, numFeat, 3, fusedLeakySlope: LeakySlope));
        _convLast = RegisterModule("conv_last", new Conv2d(numFeat, numOutCh, 3));
    }

    public int Scale { get; }
    public int InChannels { get; }
    public int OutChannels { get; }

    /// <summary>Input sides must be multiples of this (pixel unshuffle).</summary>
    public int SizeMultiple => _unshuffle?.Factor ?? 1;

    protected override Tensor OnForward(Tensor input)
    {
        using var unshuffled = _unshuffle?.Forward(input);
        using var feat = _convFirst.Forward(unshuffled ?? input);
        using var trunk = _body.Forward(feat);
        using var body = _convBody.Forward(trunk);
        var x = TensorOps.Add(feat, body);
        for (int i = 0; i < _ups.Length; i++)
        {
            using var larger = _upsamples[i].Forward(x);
            x.Dispose();
            x = _ups[i].Forward(larger);
        }
        using (var hr = _convHr.Forward(x))
        {
            x.Dispose();
            x = _convLast.Forward(hr);
        }
        using var blocked = x;
        var output = Tensor.Empty(x.N, x.C, x.H, x.W, TensorLayout.Plain);
        Backend.Current.Reorder(x, output);
        return output;
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var g = TensorOps.InLayout(gradOutput, Backend.Current.ActivationLayout);
        g = Step(g, _convLast.Backward);
        g = Step(g, _convHr.Backward);
        for (int i = _ups.Length - 1; i >= 0; i--)
        {
            g = Step(g, _ups[i].Backward);
            g = Step(g, _upsamples[i].Backward);
        }
        using (var intoBody = _convBody.Backward(g))
        using (var throughBody = _body.Backward(intoBody))
            TensorOps.AddInto(g, throughBody);
        g = Step(g, _convFirst.Backward);
        if (_unshuffle != null) g = Step(g, _unshuffle.Backward);
        return g;
    }

    /// <summary>Applies a backward step to a gradient this method owns, disposing it.</summary>
    private static Tensor Step(Tensor g, Func<Tensor, Tensor> backward)
    {
        using (g) return backward(g);
    }
}
