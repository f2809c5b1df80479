using Esrgan.Imaging;
using Esrgan.Training.Data;
using Xunit;

namespace Esrgan.Tests.Training;

public class DataTests
{
    [Fact]
    public void SubimageStartsMatchBasicSr()
    {
        // h_space = arange(0, h - crop + 1, step), plus h - crop when more than thresh_size is left.
        Assert.Equal([0, 240, 480, 520], SubimageExtractor.Starts(1000, 480, 240, 0));
        Assert.Equal([0, 240, 480], SubimageExtractor.Starts(1000, 480, 240, 40));
        Assert.Equal([0], SubimageExtractor.Starts(480, 480, 240, 0));
        Assert.Empty(SubimageExtractor.Starts(400, 480, 240, 0));
    }

    [Fact]
    public void ExtractWritesNumberedTiles()
    {
        using var box = new TrainingSandbox(trainImages: 1, size: 48);
        string output = Path.Combine(box.Root, "tiles");
        int count = SubimageExtractor.Extract(Path.Combine(box.TrainFolder, "img0.png"), output, 32, 16, 0);
        Assert.Equal(4, count);
        var tile = ImageCodec.Read(Path.Combine(output, "img0_s004.png"));
        var source = ImageCodec.Read(Path.Combine(box.TrainFolder, "img0.png"));
        Assert.Equal(32, tile.Width);
        Assert.Equal(source.Pixels[((16 + 3) * 48 + 16 + 5) * 3 + 1], tile.Pixels[(3 * 32 + 5) * 3 + 1]);
    }

    [Fact]
    public void BatchesAreReproducibleAndDifferBetweenIterations()
    {
        using var box = new TrainingSandbox(trainImages: 3);
        PatchSampler Sampler() => new(new PairCache(ImagePairList.Build([box.TrainFolder], [], "{}"), 4, 1 << 20), 4, 32, 3, 11, true, true, true, 2);
        var a = Sampler().Batch(5);
        var b = Sampler().Batch(5);
        Assert.Equal(a.Gt.Data, b.Gt.Data);
        Assert.Equal(a.Lq.Data, b.Lq.Data);
        Assert.NotEqual(a.Gt.Data, Sampler().Batch(6).Gt.Data);
        Assert.Equal([3, 3, 8, 8], a.Lq.Shape);
        Assert.Equal([3, 3, 32, 32], a.Gt.Shape);
    }

    [Fact]
    public void LrAndHrCropsStayAlignedThroughAugmentation()
    {
        using var box = new TrainingSandbox(trainImages: 0);
        // LR pixel (x, y) equals HR pixel (4x, 4y) in these files, so every aligned crop keeps that relation.
        string gtFolder = Path.Combine(box.Root, "gt"), lqFolder = Path.Combine(box.Root, "lq");
        var random = new Random(3);
        var hr = TrainingSandbox.Pattern(64, 48, random);
        var lr = new float[16 * 12 * 3];
        for (int y = 0; y < 12; y++)
            for (int x = 0; x < 16; x++)
                for (int c = 0; c < 3; c++) lr[(y * 16 + x) * 3 + c] = hr.Pixels[(4 * y * 64 + 4 * x) * 3 + c];
        ImageCodec.Write(Path.Combine(gtFolder, "a.png"), hr);
        ImageCodec.Write(Path.Combine(lqFolder, "a.png"), new Image(16, 12, 3, 8, lr));
        var sampler = new PatchSampler(new PairCache(ImagePairList.Build([gtFolder], [lqFolder], "{}"), 4, 1 << 20), 4, 32, 4, 1, true, true, true, 1);
        for (int iteration = 1; iteration <= 8; iteration++)
        {
            var batch = sampler.Batch(iteration);
            for (int n = 0; n < 4; n++)
                for (int c = 0; c < 3; c++)
                    for (int y = 0; y < 8; y++)
                        for (int x = 0; x < 8; x++)
                        {
                            // Flips and transposes map LR (x, y) to the HR pixel of the block's matching corner.
                            float l = batch.Lq.Data[((n * 3 + c) * 8 + y) * 8 + x];
                            var block = Enumerable.Range(0, 16).Select(k => batch.Gt.Data[((n * 3 + c) * 32 + 4 * y + k / 4) * 32 + 4 * x + k % 4]);
                            Assert.Contains(l, block);
                        }
        }
    }

    [Fact]
    public void BicubicLrIsMadeWhenNoLrFolderIsGiven()
    {
        using var box = new TrainingSandbox(trainImages: 1, size: 50);
        var (gt, lq) = PairLoader.Load(new ImagePair(Path.Combine(box.TrainFolder, "img0.png"), null), 4);
        Assert.Equal((48, 48), (gt.Width, gt.Height));
        Assert.Equal((12, 12), (lq.Width, lq.Height));
    }

    [Fact]
    public void ImagesSmallerThanThePatchAreSetAside()
    {
        using var box = new TrainingSandbox(trainImages: 3, size: 30);
        var pairs = ImagePairList.Build([box.TrainFolder], [], "{}");
        var (usable, small) = ImagePairList.ByPatchFit(pairs, 4, 32);
        Assert.Empty(usable);
        Assert.Equal(3, small.Count);
        Assert.Equal(3, ImagePairList.ByPatchFit(pairs, 4, 28).Usable.Count);
    }
}
