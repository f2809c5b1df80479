using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>
/// BasicSR's MSRResNet: conv_first + LeakyReLU 0.1, num_block residual blocks without batch norm (body.{i}.conv1/conv2),
/// sub-pixel upsampling (upconv1 and upconv2 with pixel shuffle x2 for x4, upconv1 with shuffle x2 or x3 otherwise),
/// each followed by LeakyReLU 0.1, conv_hr + LeakyReLU 0.1, conv_last, plus the bilinearly upsampled input.
/// </summary>
internal sealed class MsrResNet : ResidualGenerator
{
    private const float LeakySlope = 0.1f;

    public MsrResNet(int numInCh = 3, int numOutCh = 3, int numFeat = 64, int numBlock = 16, int upscale = 4)
        : base("MSRResNet", numInCh, numOutCh, Supported(upscale))
    {
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
        Build([.. steps], new UpsampleBilinear(upscale));
    }

    private static int Supported(int upscale) =>
        upscale is 2 or 3 or 4 ? upscale : throw new ArgumentException($"MSRResNet supports upscale 2, 3 or 4, not {upscale}");
}
