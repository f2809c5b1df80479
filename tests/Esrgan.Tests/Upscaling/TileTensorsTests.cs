using Esrgan.Engine;
using Esrgan.Imaging;
using Esrgan.Upscaling;
using Xunit;

namespace Esrgan.Tests.Upscaling;

/// <summary>A tile's conversions in and out agree with the whole-image ones of <see cref="PlanarImage"/>, bit for bit.</summary>
public class TileTensorsTests
{
    private static float[] Samples(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 1.4 - 0.2)).ToArray();
    }

    [Fact]
    public void ACropInsideAWiderBandIsPaddedAsPlanarImagePadsTheSameCrop()
    {
        // A 5 x 7 crop at (2, 3) of a 9 x 12 RGBA band, padded to multiples of 4.
        int bandWidth = 12, c = 4, h = 5, w = 7, y0 = 2, x0 = 3;
        var band = Samples(9 * bandWidth * c, 1);
        var crop = new float[h * w * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int k = 0; k < 3; k++) crop[(y * w + x) * 3 + k] = band[((y0 + y) * bandWidth + x0 + x) * c + k];
        var expected = PlanarImage.ToTensor(crop, h, w, 3, 4);

        using var tensor = TileTensors.Input(new PixelWindow(band, ((long)y0 * bandWidth + x0) * c, bandWidth * c, c), 3, h, w, 3, 4);
        Assert.Equal(expected.Shape, new[] { tensor.N, tensor.C, tensor.H, tensor.W });
        Assert.Equal(expected.Data, tensor.Span.ToArray());
    }

    [Fact]
    public void GreyIsRepeatedInAndRgbComesOutAsClampedLuma()
    {
        int h = 3, w = 4;
        var grey = Samples(h * w, 2);
        using var rgb = TileTensors.Input(new PixelWindow(grey, 0, w, 1), 1, h, w, 3, 1);
        for (int k = 0; k < 3; k++) Assert.Equal(grey, rgb.Span.Slice(k * h * w, h * w).ToArray());

        var planes = Samples(3 * h * w, 3);
        using var result = Tensor.Empty(1, 3, h, w, TensorLayout.Plain);
        planes.CopyTo(result.Span);
        var output = new float[2 * 2];
        TileTensors.Output(result, 1, 2, 2, 2, new PixelWindow(output, 0, 2, 1), 1);
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 2; x++)
            {
                int at = (1 + y) * w + 2 + x;
                float luma = 0.299f * planes[at] + 0.587f * planes[h * w + at] + 0.114f * planes[2 * h * w + at];
                Assert.Equal(Math.Clamp(luma, 0f, 1f), output[y * 2 + x]);
            }
    }

    [Fact]
    public void ResultsComeOutOfBlockedTensorsAsOutOfPlainOnes()
    {
        int h = 3, w = 5;
        var planes = Samples(3 * h * w, 4);
        using var plain = Tensor.Empty(1, 3, h, w, TensorLayout.Plain);
        planes.CopyTo(plain.Span);
        using var blocked = Tensor.Zeros(1, 3, h, w, new TensorLayout(8));
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) blocked.Span[(int)blocked.Layout.Offset(c, y, x, 0, 3, h, w)] = planes[(c * h + y) * w + x];
        var fromPlain = new float[h * w * 4];
        var fromBlocked = new float[h * w * 4];
        TileTensors.Output(plain, 0, 0, h, w, new PixelWindow(fromPlain, 0, w * 4, 4), 3);
        TileTensors.Output(blocked, 0, 0, h, w, new PixelWindow(fromBlocked, 0, w * 4, 4), 3);
        Assert.Equal(fromPlain, fromBlocked);
        var hwc = PlanarImage.ToInterleaved(new HostTensor([1, 3, h, w], planes), h, w, clamp: true);
        for (int p = 0; p < h * w; p++)
        {
            for (int k = 0; k < 3; k++) Assert.Equal(hwc[p * 3 + k], fromPlain[p * 4 + k]);
            Assert.Equal(0f, fromPlain[p * 4 + 3]);
        }
    }
}
