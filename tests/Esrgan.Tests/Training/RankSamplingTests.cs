using Esrgan.Training.Checkpoints;
using Esrgan.Training.Data;
using Esrgan.Training.Distributed;
using Xunit;

namespace Esrgan.Tests.Training;

public class RankSamplingTests
{
    private sealed class FixedRank(int rank, int size) : ICollectiveCommunicator
    {
        public int Rank => rank;
        public int Size => size;
        public void AllreduceSum(Span<float> values) => throw new NotSupportedException();
        public void AllreduceSum(Span<double> values) => throw new NotSupportedException();
        public void Broadcast(Span<float> values, int root) => throw new NotSupportedException();
        public void Broadcast(Span<byte> values, int root) => throw new NotSupportedException();
        public void Barrier() => throw new NotSupportedException();
        public void Abort(int exitCode) => throw new NotSupportedException();
        public void Dispose() { }
    }

    private static List<long> Drawn(TrainingStateInfo info, int ranks, int batch, long from, long to)
    {
        var samples = new List<long>();
        for (int r = 0; r < ranks; r++)
        {
            var numbering = RankSampling.Resume(info, batch, new FixedRank(r, ranks), _ => { });
            for (long i = from; i <= to; i++)
                for (int slot = 0; slot < batch; slot++) samples.Add(numbering.Sample(i, slot));
        }
        return samples;
    }

    [Fact]
    public void RanksSliceTheGlobalBatchOfOneProcess()
    {
        var fresh = new TrainingStateInfo(0, 1, 0, 0, null, 0, 0);
        Assert.Equal(Drawn(fresh, 1, 6, 1, 5).Order(), Drawn(fresh, 3, 2, 1, 5).Order());
        var single = SampleNumbering.SingleProcess(4);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), Enumerable.Range(1, 3).SelectMany(i => Enumerable.Range(0, 4).Select(s => single.Sample(i, s))));
    }

    [Fact]
    public void ResumingWithOtherRanksNeitherRepeatsNorSkipsSamples()
    {
        var start = new TrainingStateInfo(0, 1, 0, 0, null, 0, 0);
        var numbering = RankSampling.Resume(start, 2, new FixedRank(0, 2), _ => { });
        var saved = RankSampling.Record(start with { Iteration = 5 }, numbering, 2, 2);
        Assert.Equal(20, saved.SamplesDrawn);
        Assert.Equal([20L, 22L], saved.RankPositions!);
        string? note = null;
        var after = RankSampling.Resume(saved, 2, new FixedRank(0, 3), m => note = m);
        Assert.Contains("3 x 2", note);
        var all = Drawn(start, 2, 2, 1, 5).Concat(Drawn(saved, 3, 2, 6, 9)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 20 + 4 * 6).Select(i => (long)i), all);
    }

    [Theory]
    [InlineData(null, null, null, 1)]
    [InlineData("4", "2", null, 4)]
    [InlineData(null, "3", "8", 3)]
    [InlineData(null, null, "2", 2)]
    public void TheWorldSizeComesFromTheLauncher(string? ompi, string? pmi, string? slurm, int expected)
    {
        var env = new Dictionary<string, string?> { ["OMPI_COMM_WORLD_SIZE"] = ompi, ["PMI_SIZE"] = pmi, ["SLURM_STEP_NUM_TASKS"] = slurm };
        Assert.Equal(expected, LaunchEnvironment.WorldSize(n => env.GetValueOrDefault(n)));
    }

    [Fact]
    public void AMalformedWorldSizeIsNamed() =>
        Assert.Contains("OMPI_COMM_WORLD_SIZE='two'", Assert.Throws<InvalidOperationException>(
            () => LaunchEnvironment.WorldSize(n => n == "OMPI_COMM_WORLD_SIZE" ? "two" : null)).Message);
}
