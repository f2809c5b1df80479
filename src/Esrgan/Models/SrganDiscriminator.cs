namespace Esrgan.Models;

/// <summary>
/// The SRGAN paper's discriminator (its Fig. 4): k3n64s1 (conv0_0, LeakyReLU), then conv + BN + LeakyReLU blocks
/// k3n64s2 (conv0_1), and for s = 1..3 k3n(64 * 2^s)s1 (conv{s}_0) and k3n(64 * 2^s)s2 (conv{s}_1), Dense(1024) (linear1),
/// LeakyReLU, Dense(1) (linear2). The paper's final sigmoid is left to the loss, so the output is a raw logit.
/// Any input size divisible by 16 works (the paper trains on 96x96); nf scales the 64.
/// </summary>
internal sealed class SrganDiscriminator : ConvolutionalDiscriminator
{
    public const int DenseFeatures = 1024;

    public SrganDiscriminator(int numInCh = 3, int numFeat = 64, int inputSize = 96) : base(numInCh, numFeat, inputSize)
    {
        if (inputSize < 16 || inputSize % 16 != 0)
            throw new ArgumentException($"SRGANDiscriminator input_size must be a positive multiple of 16, not {inputSize}");
        AddConvBn("0_1", numFeat, numFeat, 3, 2);
        for (int s = 1; s <= 3; s++)
        {
            int channels = numFeat << s;
            AddConvBn($"{s}_0", channels / 2, channels, 3, 1);
            AddConvBn($"{s}_1", channels, channels, 3, 2);
        }
        int side = inputSize / 16;
        AddHead(numFeat * 8 * side * side, DenseFeatures);
    }
}
