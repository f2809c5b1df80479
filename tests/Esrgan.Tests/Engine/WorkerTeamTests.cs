using Esrgan.Engine.Cpu;
using Xunit;

namespace Esrgan.Tests.Engine;

/// <summary>The kernels' parallel loop: every index exactly once, nesting, failures and concurrent callers.</summary>
public class WorkerTeamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public void EveryIndexRunsExactlyOnce(int count)
    {
        var hits = new int[count];
        for (int round = 0; round < 50; round++) WorkerTeam.For(count, i => Interlocked.Increment(ref hits[i]));
        Assert.All(hits, h => Assert.Equal(50, h));
    }

    [Fact]
    public void ALoopInsideALoopRunsEveryIndex()
    {
        var hits = new int[16 * 16];
        WorkerTeam.For(16, outer => WorkerTeam.For(16, inner => Interlocked.Increment(ref hits[outer * 16 + inner])));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void AFailureReachesTheCallerAndTheTeamStaysUsable()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            WorkerTeam.For(100, i => { if (i == 37) throw new InvalidOperationException("index 37"); }));
        Assert.Equal("index 37", error.Message);
        long sum = 0;
        WorkerTeam.For(100, i => Interlocked.Add(ref sum, i));
        Assert.Equal(4950, sum);
    }

    [Fact]
    public void ConcurrentCallersEachGetTheirWholeLoop()
    {
        var sums = new long[4];
        Parallel.For(0, 4, caller =>
        {
            for (int round = 0; round < 100; round++) WorkerTeam.For(64, i => Interlocked.Add(ref sums[caller], i + 1));
        });
        Assert.All(sums, s => Assert.Equal(100L * 64 * 65 / 2, s));
    }
}
