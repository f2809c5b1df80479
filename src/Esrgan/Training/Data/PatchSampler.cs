using Esrgan.Engine;
using Esrgan.Imaging;

namespace Esrgan.Training.Data;

/// <summary>
/// Builds the batch of an iteration as BasicSR's paired_random_crop and augment do: an aligned random crop
/// (HR patch gtSize, LR patch gtSize / scale), then horizontal flip, vertical flip and transpose, each with p = 0.5.
/// Every sample's randomness comes from the seed and its sample number only; <see cref="SampleNumbering"/> says which
/// numbers this process draws.
/// </summary>
internal sealed class PatchSampler
{
    private readonly PairCache _pairs;
    private readonly SampleOrder _order;
    private readonly SampleNumbering _numbering;
    private readonly int _scale, _gtSize, _batchSize, _seed, _workers;
    private readonly bool _hflip, _rot;

    public PatchSampler(PairCache pairs, int scale, int gtSize, int batchSize, int seed, bool shuffle, bool hflip, bool rot, int workers,
        SampleNumbering? numbering = null)
    {
        if (gtSize % scale != 0) throw new ArgumentException($"gt_size {gtSize} is not a multiple of the scale {scale}");
        _pairs = pairs;
        _order = new SampleOrder(pairs.Count, seed, shuffle);
        _scale = scale;
        _gtSize = gtSize;
        _batchSize = batchSize;
        _seed = seed;
        _hflip = hflip;
        _rot = rot;
        _workers = workers;
        _numbering = numbering ?? SampleNumbering.SingleProcess(batchSize);
    }

    /// <summary>The batch of 1-based iteration <paramref name="iteration"/>.</summary>
    public TrainingBatch Batch(long iteration)
    {
        int lqSize = _gtSize / _scale;
        var lq = new HostTensor([_batchSize, 3, lqSize, lqSize]);
        var gt = new HostTensor([_batchSize, 3, _gtSize, _gtSize]);
        try
        {
            Parallel.For(0, _batchSize, new ParallelOptions { MaxDegreeOfParallelism = _workers }, slot => Fill(iteration, slot, lq, gt));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return new TrainingBatch(iteration, lq, gt);
    }

    private void Fill(long iteration, int slot, HostTensor lq, HostTensor gt)
    {
        int lqSize = _gtSize / _scale;
        long sample = _numbering.Sample(iteration, slot);
        int index = _order.ImageOf(sample);
        var (hr, lr) = _pairs.Get(index);
        if (lr.Width < lqSize || lr.Height < lqSize)
            throw new InvalidDataException($"{_pairs.Pair(index).GtPath}: {hr.Width}x{hr.Height} is smaller than gt_size {_gtSize}");
        var random = new Random(SeedMix.Derive(_seed, sample));
        int top = random.Next(0, lr.Height - lqSize + 1), left = random.Next(0, lr.Width - lqSize + 1);
        var flips = new Augmentation(_hflip && random.NextDouble() < 0.5, _rot && random.NextDouble() < 0.5, _rot && random.NextDouble() < 0.5);
        Crop(lr, top, left, lqSize, flips, lq.Data.AsSpan(slot * 3 * lqSize * lqSize, 3 * lqSize * lqSize));
        Crop(hr, top * _scale, left * _scale, _gtSize, flips, gt.Data.AsSpan(slot * 3 * _gtSize * _gtSize, 3 * _gtSize * _gtSize));
    }

    private readonly record struct Augmentation(bool HorizontalFlip, bool VerticalFlip, bool Transpose);

    /// <summary>out = transpose(vflip(hflip(patch))), written as planar CHW floats.</summary>
    private static void Crop(RgbImage image, int top, int left, int size, Augmentation aug, Span<float> chw)
    {
        var patch = new float[size * size * 3];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int a = aug.Transpose ? x : y, b = aug.Transpose ? y : x;
                if (aug.VerticalFlip) a = size - 1 - a;
                if (aug.HorizontalFlip) b = size - 1 - b;
                int src = ((top + a) * image.Width + left + b) * 3, dst = (y * size + x) * 3;
                for (int c = 0; c < 3; c++) patch[dst + c] = image.Samples[src + c] / 255f;
            }
        PlanarImage.ToPlanar(patch, size, size, 3, chw, size, size);
    }
}
