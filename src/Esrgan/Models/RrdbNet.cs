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
    private readonly UpsampleNearest _upsample = new();

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
        for (int i = 0; i < upsamples; i++)
            _ups[i] = RegisterModule($"conv_up{i + 1}", new Conv2d(numFeat, numFeat, 3, fusedLeakySlope: LeakySlope));
        _convHr = RegisterModule("conv_hr", new Conv2d(numFeat, numFeat, 3, fusedLeakySlope: LeakySlope));
        _convLast = RegisterModule("conv_last", new Conv2d(numFeat, numOutCh, 3));
    }

    public int Scale { get; }
    public int InChannels { get; }
    public int OutChannels { get; }

    /// <summary>Input sides must be multiples of this (pixel unshuffle).</summary>
    public int SizeMultiple => _unshuffle?.Factor ?? 1;

    public override Tensor Forward(Tensor input)
    {
        using var unshuffled = _unshuffle?.Forward(input);
        using var feat = _convFirst.Forward(unshuffled ?? input);
        using var trunk = _body.Forward(feat);
        using var body = _convBody.Forward(trunk);
        var x = TensorOps.Add(feat, body);
        foreach (var up in _ups)
        {
            using var larger = _upsample.Forward(x);
            x.Dispose();
            x = up.Forward(larger);
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

    public override Tensor Backward(Tensor gradOutput)
    {
        var g = TensorOps.InLayout(gradOutput, Backend.Current.ActivationLayout);
        g = Step(g, gradOutput, _convLast.Backward);
        g = Step(g, gradOutput, _convHr.Backward);
        for (int i = _ups.Length - 1; i >= 0; i--)
        {
            g = Step(g, gradOutput, _ups[i].Backward);
            g = Step(g, gradOutput, _upsample.Backward);
        }
        using (var intoBody = _convBody.Backward(g))
        using (var throughBody = _body.Backward(intoBody))
            TensorOps.AddInto(g, throughBody);
        g = Step(g, gradOutput, _convFirst.Backward);
        if (_unshuffle != null) g = Step(g, gradOutput, _unshuffle.Backward);
        return ReferenceEquals(g, gradOutput) ? gradOutput.Share() : g;
    }

    /// <summary>Applies a backward step and disposes the consumed gradient unless it is the caller's.</summary>
    private static Tensor Step(Tensor g, Tensor callers, Func<Tensor, Tensor> backward)
    {
        var next = backward(g);
        if (!ReferenceEquals(g, callers)) g.Dispose();
        return next;
    }
}
