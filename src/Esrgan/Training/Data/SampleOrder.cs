using System.Collections.Concurrent;

namespace Esrgan.Training.Data;

/// <summary>
/// Which image the n-th training sample uses: the images in a fresh seeded permutation every epoch (or in order
/// without shuffling). A pure function of the seed and n, so a resumed run draws exactly what it would have.
/// </summary>
internal sealed class SampleOrder(int imageCount, int seed, bool shuffle)
{
    private readonly ConcurrentDictionary<long, int[]> _epochs = new();

    public int ImageOf(long sample)
    {
        long epoch = sample / imageCount;
        int position = (int)(sample % imageCount);
        if (!shuffle) return position;
        var permutation = _epochs.GetOrAdd(epoch, Permutation);
        if (_epochs.Count > 4) _epochs.TryRemove(epoch - 2, out _);
        return permutation[position];
    }

    private int[] Permutation(long epoch)
    {
        var order = Enumerable.Range(0, imageCount).ToArray();
        new Random(SeedMix.Derive(seed, -1 - epoch)).Shuffle(order);
        return order;
    }
}
