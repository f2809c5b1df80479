using Esrgan.Imaging;
using Esrgan.Layers;
using Esrgan.Models;
using Esrgan.Upscaling;
using Xunit;

namespace Esrgan.Tests.Upscaling;

public class TilingTests
{
    private static RrdbNet SmallNetwork(int scale = 4)
    {
        var net = new RrdbNet(scale: scale, numFeat: 16, numBlock: 1, numGrowCh: 16);
        Init.KaimingNormal(net, new Random(7), 0.5f);
        net.Eval();
        return net;
    }

    internal static Image Pattern(int width, int height, int channels, int bitDepth = 8, int seed = 1)
    {
        var random = new Random(seed);
        var pixels = new float[width * height * channels];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++)
                    pixels[(y * width + x) * channels + c] = (float)(0.5 + 0.3 * Math.Sin(0.3 * x + 0.2 * y + c) + 0.1 * random.NextDouble());
        return new Image(width, height, channels, bitDepth, pixels);
    }

    private static float MaxDifference(Image a, Image b)
    {
        Assert.Equal(a.Pixels.Length, b.Pixels.Length);
        float max = 0;
        for (int i = 0; i < a.Pixels.Length; i++) max = Math.Max(max, Math.Abs(a.Pixels[i] - b.Pixels[i]));
        return max;
    }

    [Theory]
    [InlineData(8, 4)]
    [InlineData(13, 6)]
    [InlineData(20, 10)]
    public void TiledEqualsUntiled(int tile, int pad)
    {
        using var net = SmallNetwork();
        var input = Pattern(37, 29, 3);
        var whole = new TileUpscaler(net, new UpscalerOptions { TileSize = 1000 }).Upscale(input);
        var tiled = new TileUpscaler(net, new UpscalerOptions { TileSize = tile, TilePad = pad }).Upscale(input);
        Assert.True(MaxDifference(whole, tiled) <= 1f / 255, $"tile {tile} pad {pad}: {MaxDifference(whole, tiled) * 255:F3} grey levels");
    }

    /// <summary>A header can claim 10^12 pixels: rows are made as they are consumed and tiles are counted, not listed.</summary>
    [Fact]
    public void TileRowsOfAHugeImageAreMadeOneAtATime()
    {
        Assert.Equal(15_625L * 15_625L, TileGrid.Count(1_000_000, 1_000_000, 64));
        var first = TileGrid.Rows(1_000_000, 1_000_000, 64, 8).First();
        Assert.Equal(15_625, first.Count);
        Assert.Equal(new Tile(0, 0, 64, 64, 0, 0, 72, 72), first[0]);
        Assert.Equal(new Tile(999_936, 0, 1_000_000, 64, 999_928, 0, 1_000_000, 72), first[^1]);
    }

    [Fact]
    public void TilesWithoutContextShowSeams()
    {
        using var net = SmallNetwork();
        var input = Pattern(32, 32, 3);
        var whole = new TileUpscaler(net, new UpscalerOptions { TileSize = 1000 }).Upscale(input);
        var tiled = new TileUpscaler(net, new UpscalerOptions { TileSize = 8, TilePad = 0 }).Upscale(input);
        Assert.True(MaxDifference(whole, tiled) > 1f / 255, "without padding the tile borders should differ");
    }

    [Fact]
    public void PixelUnshuffleNetworksTileAcrossOddSizes()
    {
        using var net = SmallNetwork(scale: 2);
        var input = Pattern(23, 17, 3);
        var whole = new TileUpscaler(net, new UpscalerOptions { TileSize = 1000 }).Upscale(input);
        var tiled = new TileUpscaler(net, new UpscalerOptions { TileSize = 10, TilePad = 8 }).Upscale(input);
        Assert.Equal(46, whole.Width);
        Assert.Equal(34, whole.Height);
        Assert.True(MaxDifference(whole, tiled) <= 1f / 255);
    }

    [Fact]
    public void GreyAndAlphaKeepTheirChannels()
    {
        using var net = SmallNetwork();
        foreach (int channels in new[] { 1, 2, 4 })
            foreach (var mode in new[] { AlphaMode.Model, AlphaMode.Bicubic })
            {
                var input = Pattern(12, 10, channels);
                var output = new TileUpscaler(net, new UpscalerOptions { Alpha = mode }).Upscale(input);
                Assert.Equal(channels, output.Channels);
                Assert.Equal(48, output.Width);
            }
    }

    [Fact]
    public void BicubicAlphaOfAnOpaqueImageStaysOpaque()
    {
        using var net = SmallNetwork();
        var input = Pattern(12, 10, 4);
        for (int i = 3; i < input.Pixels.Length; i += 4) input.Pixels[i] = 1f;
        var output = new TileUpscaler(net, new UpscalerOptions { Alpha = AlphaMode.Bicubic }).Upscale(input);
        for (int i = 3; i < output.Pixels.Length; i += 4) Assert.Equal(1f, output.Pixels[i], 1e-5);
    }

    [Fact]
    public void EnsembleOfASymmetricNetworkEqualsThePlainResult()
    {
        // Nearest upsampling is equivariant to flips and transposes, so all eight TTA passes agree with the plain one.
        using var net = new Sequential(new UpsampleNearest(), new UpsampleNearest());
        using var wrapped = new UpsampleOnly(net);
        var input = Pattern(9, 7, 3);
        var plain = new TileUpscaler(wrapped).Upscale(input);
        var ensemble = new TileUpscaler(wrapped, new UpscalerOptions { Tta = true }).Upscale(input);
        Assert.True(MaxDifference(plain, ensemble) < 1e-6);
        Assert.Equal(input.Pixels[0], plain.Pixels[0]);
    }

    [Fact]
    public void BlendingInterpolatesTheTwoResults()
    {
        using var a = SmallNetwork();
        using var b = new RrdbNet(numFeat: 16, numBlock: 1, numGrowCh: 16);
        Init.KaimingNormal(b, new Random(99), 0.5f);
        b.Eval();
        var input = Pattern(10, 10, 3);
        var ra = new TileUpscaler(a).Upscale(input);
        var rb = new TileUpscaler(b).Upscale(input);
        var mid = new TileUpscaler(a, null, b, 0.25f).Upscale(input);
        for (int i = 0; i < mid.Pixels.Length; i += 97)
        {
            // Outside (0, 1) the results are clamped after blending, so only interior values are comparable.
            if (ra.Pixels[i] is > 0 and < 1 && rb.Pixels[i] is > 0 and < 1)
                Assert.Equal(0.75f * ra.Pixels[i] + 0.25f * rb.Pixels[i], mid.Pixels[i], 1e-4);
        }
    }

    /// <summary>A x4 network of two nearest upsamplings (three channels in and out).</summary>
    internal sealed class UpsampleOnly(Module inner) : Module, IUpscalingNetwork
    {
        private readonly Module _inner = inner;
        public int Scale => 4;
        public int SizeMultiple => 1;
        public int InChannels => 3;
        public int OutChannels => 3;
        protected override Esrgan.Engine.Tensor OnForward(Esrgan.Engine.Tensor input) => _inner.Forward(input);
        protected override Esrgan.Engine.Tensor OnBackward(Esrgan.Engine.Tensor gradOutput) => _inner.Backward(gradOutput);
    }
}
