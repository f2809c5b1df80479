using Esrgan.Engine;
using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>
/// BasicSR's MSRResNet: conv_first + LeakyReLU 0.1, num_block residual blocks without batch norm (body.{i}.conv1/conv2),
/// sub-pixel upsampling (upconv1 and upconv2 with pixel shuffle x2 for x4, upconv1 with shuffle x2 or x3 otherwise),
/// each followed by LeakyReLU 0.1, conv_hr + LeakyReLU 0.1, conv_last, plus the bilinearly upsampled input.
/// </summary>
internal sealed class MsrResNet : Module, IUpscalingNetwork
{
    private const float LeakySlope = 0.1f;
    private readonly Module[] _steps;
    private readonly UpsampleBilinear _base;

    public MsrResNet(int numInCh = 3, int numOutCh = 3, int numFeat = 64, int numBlock = 16, int upscale = 4)
    {
        if (upscale is not (2 or 3 or 4)) throw new ArgumentException($"MSRResNet supports upscale 2, 3 or 4, not {upscale}");
        if (numInCh != numOutCh)
            throw new ArgumentException($"MSRResNet adds the upsampled input to its output, so it needs num_in_ch = num_out_ch (got {numInCh} and {numOutCh})");
        Scale = upscale;
        InChannels = numInCh;
        OutChannels = numOutCh;
        var steps = new List<Module>
        {
            RegisterModule("conv_first", new Conv2d(numInCh, numFeat, 3, fusedLeakySlope: LeakySlope)),
        };
        var body = RegisterModule("body", new Sequential());
        for (int i = 0; i < numBlock; i++) body.Add(new ResidualBlockNoBn(numFeat));
        steps.Add(body);
        int shuffle = upscale == 4 ? 2 : upscale;
        for (int k = 1; k <= (upscale == 4 ? 2 : 1); k++)
        {
            // LeakyReLU commutes with the pixel shuffle, so it is fused into the convolution before it.
            steps.Add(RegisterModule($"upconv{k}", new Conv2d(numFeat, numFeat * shuffle * shuffle, 3, fusedLeakySlope: LeakySlope)));
            steps.Add(new PixelShuffle(shuffle));
        }
        steps.Add(RegisterModule("conv_hr", new Conv2d(numFeat, numFeat, 3, fusedLeakySlope: LeakySlope)));
        steps.Add(RegisterModule("conv_last", new Conv2d(numFeat, numOutCh, 3)));
        _steps = [.. steps];
        _base = new UpsampleBilinear(upscale);
    }

    public int Scale { get; }
    public int SizeMultiple => 1;
    public int InChannels { get; }
    public int OutChannels { get; }

    protected override Tensor OnForward(Tensor input) => NetworkEdge.ForwardPlusImage(input, _steps, _base);

    protected override Tensor OnBackward(Tensor gradOutput) => NetworkEdge.BackwardPlusImage(gradOutput, _steps, _base);
}
