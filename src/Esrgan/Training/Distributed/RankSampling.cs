using Esrgan.Training.Checkpoints;
using Esrgan.Training.Data;

namespace Esrgan.Training.Distributed;

/// <summary>
/// How the ranks of a run share the data and agree on what the loop reports. options.datasets.train.batch_size_per_gpu
/// is per rank, as in BasicSR: N ranks train on global batches of N times that many samples, rank r taking the r-th
/// slice. The global sample count and every rank's next sample are kept in each training state.
/// </summary>
public static class RankSampling
{
    /// <summary>The numbering that continues the state <paramref name="info"/> (a fresh state: from sample 0).</summary>
    public static SampleNumbering Resume(TrainingStateInfo info, int batchPerRank, ICollectiveCommunicator ranks, Action<string> say)
    {
        long drawn = info.SamplesDrawn ?? info.Iteration * batchPerRank;
        int offset = ranks.Rank * batchPerRank;
        if (info.RankPositions is { } positions)
        {
            if (positions.Length == ranks.Size) offset = checked((int)(positions[ranks.Rank] - drawn));
            else say($"note: the state was written by {positions.Length} rank(s) and this run has {ranks.Size}: the global batch is now "
                + $"{ranks.Size} x {batchPerRank}; no sample is drawn twice");
        }
        return new SampleNumbering(drawn, info.Iteration + 1, batchPerRank * ranks.Size, offset);
    }

    /// <summary>The state at the end of its iteration, with the sample positions the ranks continue from.</summary>
    public static TrainingStateInfo Record(TrainingStateInfo info, SampleNumbering numbering, int ranks, int batchPerRank)
    {
        long drawn = numbering.DrawnThrough(info.Iteration);
        return info with { SamplesDrawn = drawn, RankPositions = Enumerable.Range(0, ranks).Select(r => drawn + (long)r * batchPerRank).ToArray() };
    }

    /// <summary>The loss terms summed over <paramref name="count"/> iterations, averaged over iterations and ranks.</summary>
    public static Dictionary<string, double> MeanOverRanks(ICollectiveCommunicator ranks, IReadOnlyDictionary<string, double> sums, int count)
    {
        var keys = sums.Keys.Order(StringComparer.Ordinal).ToArray();
        var values = keys.Select(k => sums[k] / count).ToArray();
        ranks.AllreduceSum(values);
        return keys.Select((k, i) => (k, v: values[i] / ranks.Size)).ToDictionary(e => e.k, e => e.v, StringComparer.Ordinal);
    }

    /// <summary>True on every rank when any rank was asked to stop, so all of them stop at the same iteration.</summary>
    public static bool AnyRank(ICollectiveCommunicator ranks, bool local)
    {
        if (ranks.Size == 1) return local;
        var flag = new[] { local ? 1.0 : 0.0 };
        ranks.AllreduceSum(flag);
        return flag[0] > 0;
    }
}
