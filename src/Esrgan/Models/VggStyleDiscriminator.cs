namespace Esrgan.Models;

/// <summary>
/// BasicSR's VGGStyleDiscriminator (ESRGAN's): conv0_0 3x3, conv0_1 4x4 stride 2 + bn0_1, then per stage s with
/// nf * min(8, 2^s) channels conv{s}_0 3x3 + bn{s}_0 and conv{s}_1 4x4 stride 2 + bn{s}_1; linear1 (8 nf x 4 x 4 -> 100),
/// linear2 (100 -> 1). Input 128 (stages 1-4) or 256 (stages 1-5).
/// </summary>
internal sealed class VggStyleDiscriminator : ConvolutionalDiscriminator
{
    public VggStyleDiscriminator(int numInCh = 3, int numFeat = 64, int inputSize = 128) : base(numInCh, numFeat, inputSize)
    {
        int stages = inputSize switch
        {
            128 => 5,
            256 => 6,
            _ => throw new ArgumentException($"VGGStyleDiscriminator input_size must be 128 or 256, not {inputSize}"),
        };
        AddConvBn("0_1", numFeat, numFeat, 4, 2);
        int previous = numFeat;
        for (int s = 1; s < stages; s++)
        {
            int channels = numFeat * Math.Min(8, 1 << s);
            AddConvBn($"{s}_0", previous, channels, 3, 1);
            AddConvBn($"{s}_1", channels, channels, 4, 2);
            previous = channels;
        }
        AddHead(numFeat * 8 * 4 * 4, 100);
    }
}
