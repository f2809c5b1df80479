using Esrgan.Engine;
using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>
/// SRResNet, the SRGAN paper's generator: conv_first 9x9 + prelu_first, num_block residual blocks, conv_body + bn_body
/// with a skip from the head, log2(upscale) sub-pixel steps [upconv{k} nf -> 4 nf, pixel shuffle x2, prelu_up{k}],
/// conv_last 9x9. Each PReLU has one shared slope. Without batch norm it is ESRGAN's "BN removal" ablation variant.
/// </summary>
internal sealed class SrResNet : Module, IUpscalingNetwork
{
    private readonly Module[] _head, _trunk, _tail;

    public SrResNet(int numInCh = 3, int numOutCh = 3, int numFeat = 64, int numBlock = 16, int upscale = 4, bool batchNorm = true)
    {
        if (upscale is not (2 or 4 or 8)) throw new ArgumentException($"SRResNet supports upscale 2, 4 or 8, not {upscale}");
        Scale = upscale;
        InChannels = numInCh;
        OutChannels = numOutCh;
        BatchNorm = batchNorm;
        _head = [RegisterModule("conv_first", new Conv2d(numInCh, numFeat, 9)), RegisterModule("prelu_first", new PRelu())];
        var body = RegisterModule("body", new Sequential());
        for (int i = 0; i < numBlock; i++) body.Add(new SrResNetBlock(numFeat, batchNorm));
        var trunk = new List<Module> { body, RegisterModule("conv_body", new Conv2d(numFeat, numFeat, 3)) };
        if (batchNorm) trunk.Add(RegisterModule("bn_body", new BatchNorm2d(numFeat)));
        _trunk = [.. trunk];
        var tail = new List<Module>();
        for (int k = 1; 1 << k <= upscale; k++)
        {
            tail.Add(RegisterModule($"upconv{k}", new Conv2d(numFeat, numFeat * 4, 3)));
            tail.Add(new PixelShuffle(2));
            tail.Add(RegisterModule($"prelu_up{k}", new PRelu()));
        }
        tail.Add(RegisterModule("conv_last", new Conv2d(numFeat, numOutCh, 9)));
        _tail = [.. tail];
    }

    public int Scale { get; }
    public int SizeMultiple => 1;
    public int InChannels { get; }
    public int OutChannels { get; }
    public bool BatchNorm { get; }

    protected override Tensor OnForward(Tensor input)
    {
        using var feat = Sequential.Chain(input, _head, (m, t) => m.Forward(t));
        using var trunk = Sequential.Chain(feat, _trunk, (m, t) => m.Forward(t));
        using var skipped = TensorOps.Add(feat, trunk);
        return NetworkEdge.ToPlain(Sequential.Chain(skipped, _tail, (m, t) => m.Forward(t)));
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        using var gradSkipped = NetworkEdge.BackwardThrough(gradOutput, _tail);
        using var gradFeat = Sequential.Chain(gradSkipped, _trunk.Reverse(), (m, t) => m.Backward(t));
        TensorOps.AddInto(gradFeat, gradSkipped);
        return Sequential.Chain(gradFeat, _head.Reverse(), (m, t) => m.Backward(t));
    }
}
