using System.Collections.Concurrent;

namespace Esrgan.Training.Data;

/// <summary>
/// Decoded training pairs kept in memory up to a byte budget (small datasets are decoded once); beyond the budget
/// pairs are decoded again on each use. Thread-safe: the prefetch workers share it.
/// </summary>
internal sealed class PairCache(IReadOnlyList<ImagePair> pairs, int scale, long budgetBytes)
{
    private readonly ConcurrentDictionary<int, Lazy<(RgbImage Gt, RgbImage Lq)>> _cached = new();
    private long _bytes;

    public int Count => pairs.Count;

    public ImagePair Pair(int index) => pairs[index];

    public (RgbImage Gt, RgbImage Lq) Get(int index)
    {
        if (_cached.TryGetValue(index, out var hit)) return hit.Value;
        var loaded = PairLoader.Load(pairs[index], scale);
        long size = loaded.Gt.Samples.LongLength + loaded.Lq.Samples.LongLength;
        if (Interlocked.Add(ref _bytes, size) <= budgetBytes) _cached.TryAdd(index, new Lazy<(RgbImage, RgbImage)>(loaded));
        else Interlocked.Add(ref _bytes, -size);
        return loaded;
    }
}
