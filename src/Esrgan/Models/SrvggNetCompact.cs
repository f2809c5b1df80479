using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>
/// Real-ESRGAN's compact generator (SRVGGNetCompact, act_type prelu): body.0 conv in -> nf, body.1 PReLU(nf), num_conv
/// times [conv nf -> nf, PReLU(nf)], a last conv nf -> out * upscale^2 (body.{2 num_conv + 2}), pixel shuffle, plus the
/// nearest-upsampled input so the network learns only the residual.
/// </summary>
internal sealed class SrvggNetCompact : ResidualGenerator
{
    public SrvggNetCompact(int numInCh = 3, int numOutCh = 3, int numFeat = 64, int numConv = 16, int upscale = 4)
        : base("SRVGGNetCompact", numInCh, numOutCh, upscale)
    {
        if (upscale < 1) throw new ArgumentOutOfRangeException(nameof(upscale));
        var body = RegisterModule("body", new Sequential(new Conv2d(numInCh, numFeat, 3), new PRelu(numFeat)));
        for (int i = 0; i < numConv; i++) body.Add(new Conv2d(numFeat, numFeat, 3)).Add(new PRelu(numFeat));
        body.Add(new Conv2d(numFeat, numOutCh * upscale * upscale, 3));
        Build([body, new PixelShuffle(upscale)], new UpsampleNearest(upscale));
    }
}
