using System.CommandLine;
using System.Diagnostics;
using Esrgan.Models;
using Esrgan.Training.Distributed;

namespace Esrgan.Cli.Commands;

/// <summary>
/// esrgan allreduce-bench, run under mpirun or srun: times the gradient averaging of one training step of RRDBNet x4
/// (64 features, 23 blocks: 16.7 M floats) through <see cref="GradientAverager"/>, with the real tensor shapes and buckets.
/// </summary>
internal static class AllreduceBenchCommand
{
    public static Command Create()
    {
        var repeat = new Option<int>("--repeat") { Description = "Timed averagings after one warm-up", DefaultValueFactory = _ => 10 };
        var command = new Command("allreduce-bench", "Time the gradient allreduce of RRDBNet x4 among the ranks of an mpirun/srun launch");
        command.Options.Add(repeat);
        command.SetAction(parse => Run(parse.GetValue(repeat)));
        return command;
    }

    private static int Run(int repeat)
    {
        if (repeat < 1) throw new ArgumentException($"--repeat {repeat}: must be at least 1");
        using var ranks = LaunchEnvironment.CreateCommunicator();
        using var network = new RrdbNet(scale: 4, numFeat: 64, numBlock: 23, numGrowCh: 32);
        var parameters = network.Parameters().ToList();
        foreach (var p in parameters) Array.Fill(p.Grad, ranks.Rank + 1f);
        var averager = new GradientAverager(ranks);
        averager.Synchronize(parameters);
        float expected = (ranks.Size + 1) / 2f;
        if (parameters.Any(p => p.Grad.Any(g => g != expected)))
            throw new InvalidOperationException($"rank {ranks.Rank}: averaged gradients differ from {expected}");
        var times = new double[repeat];
        for (int i = 0; i < repeat; i++)
        {
            ranks.Barrier();
            var clock = Stopwatch.StartNew();
            averager.Synchronize(parameters);
            times[i] = clock.Elapsed.TotalSeconds;
        }
        long floats = parameters.Sum(p => (long)p.Grad.Length);
        if (ranks.Rank == 0)
        {
            Array.Sort(times);
            double median = times[repeat / 2];
            Console.WriteLine($"{ranks.Size} rank(s), {floats:N0} floats ({floats * 4 / 1e6:F1} MB) in buckets of {GradientAverager.BucketBytes >> 20} MB: "
                + $"median {median * 1e3:F1} ms, min {times[0] * 1e3:F1} ms, max {times[^1] * 1e3:F1} ms; "
                + $"algorithm bandwidth {floats * 4 / median / 1e9:F2} GB/s");
        }
        return 0;
    }
}
