using Esrgan.Formats;
using Esrgan.Formats.Safetensors;
using Esrgan.Training;
using Esrgan.Training.Checkpoints;
using Xunit;

namespace Esrgan.Tests.Training;

/// <summary>
/// Data-parallel training under mpirun (2 ranks, 1 thread each) against one process: the same global batches give
/// the same weights, and a rank killed with SIGKILL leaves a run that --resume finishes exactly.
/// </summary>
public sealed class DataParallelTrainingTests : IDisposable
{
    private const int Iterations = 20;
    private readonly TrainingSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private string Options(int batchPerRank, int checkpointFreq = Iterations) => _box.WriteOptions(
        _box.OptionsText(totalIter: Iterations, checkpointFreq: checkpointFreq).Replace("batch_size_per_gpu: 2", $"batch_size_per_gpu: {batchPerRank}", StringComparison.Ordinal),
        $"options_b{batchPerRank}_c{checkpointFreq}.yml");

    private StateDict Weights(string name, string file = "net_g_latest.safetensors") =>
        SafetensorsReader.Read(Path.Combine(new ExperimentFolder(_box.Experiments, name).Models, file));

    private void TrainUnderMpi(string options, string name, bool resume = false)
    {
        var args = new List<string> { "train", options, "--set", $"name={name}" };
        if (resume) args.Add("--resume");
        var (code, errors) = MpiLauncher.Run(2, _box.Root, [.. args]);
        Assert.True(code == 0, $"mpirun exited with {code}: {errors}");
    }

    [Fact]
    public void TwoRanksOfBatchOneEqualOneProcessOfBatchTwo()
    {
        TrainUnderMpi(Options(batchPerRank: 1), "ranks");
        new Trainer(_box.Load(_box.OptionsText(totalIter: Iterations, checkpointFreq: Iterations), "name=single"))
            .Run(false, CancellationToken.None);

        foreach (string file in new[] { "net_g_latest.safetensors", "net_g_ema_latest.safetensors" })
        {
            var parallel = Weights("ranks", file);
            var single = Weights("single", file);
            Assert.Equal(single.Keys, parallel.Keys);
            foreach (string key in single.Keys)
            {
                double diff = 0, norm = 0;
                for (int i = 0; i < single[key].Data.Length; i++)
                {
                    diff += Math.Pow(parallel[key].Data[i] - single[key].Data[i], 2);
                    norm += Math.Pow(single[key].Data[i], 2);
                }
                Assert.True(Math.Sqrt(diff) <= 1e-5 * Math.Sqrt(norm), $"{file} {key}: relative difference {Math.Sqrt(diff / norm):E2}");
            }
        }
        var state = TrainingState.ReadInfo(new ExperimentFolder(_box.Experiments, "ranks").StatePath(Iterations));
        Assert.Equal(2L * Iterations, state.SamplesDrawn);
        Assert.Equal([2L * Iterations, 2L * Iterations + 1], state.RankPositions!);
    }

    [Fact]
    public void GanTrainingAveragesTheDiscriminatorsGradientsToo()
    {
        // Each checkpoint confirms that every rank holds rank 0's G, G average and D; without averaging D's gradients
        // the ranks' discriminators drift apart at the first step and the run stops with an error.
        TrainUnderMpi(_box.WriteOptions(_box.GanOptionsText(totalIter: 4, checkpointFreq: 2), "gan.yml"), "gan");
        var folder = new ExperimentFolder(_box.Experiments, "gan");
        Assert.Equal([4L, 2L], folder.StatesNewestFirst().Select(s => s.Iteration));
        Assert.True(File.Exists(folder.ModelPath("net_d", "latest")));
    }

    [Fact]
    public void ARankKilledWithSigkillThenResumedEqualsAnUninterruptedRun()
    {
        string options = Options(batchPerRank: 1, checkpointFreq: 5);
        TrainUnderMpi(options, "straight");

        var folder = new ExperimentFolder(_box.Experiments, "broken");
        using (var mpirun = MpiLauncher.Start(2, _box.Root, "train", options, "--set", "name=broken"))
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            int rank1 = 0;
            while (rank1 == 0 && waited.Elapsed < TimeSpan.FromMinutes(1))
            {
                try { rank1 = MpiLauncher.RankProcess(mpirun, 1); }
                catch (InvalidOperationException) { Thread.Sleep(10); }
            }
            while (!folder.StatesNewestFirst().Any() && !mpirun.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(2);
            System.Diagnostics.Process.GetProcessById(rank1).Kill();
            mpirun.StandardError.ReadToEnd();
            mpirun.WaitForExit();
            Assert.NotEqual(0, mpirun.ExitCode);
        }
        long stoppedAt = folder.StatesNewestFirst().First().Iteration;
        Assert.InRange(stoppedAt, 5, Iterations - 5);

        TrainUnderMpi(options, "broken", resume: true);
        foreach (string file in new[] { "net_g_latest.safetensors", "net_g_ema_latest.safetensors" })
        {
            var a = Weights("straight", file);
            var b = Weights("broken", file);
            foreach (string key in a.Keys) Assert.True(a[key].Data.AsSpan().SequenceEqual(b[key].Data), $"{file} {key} differs after resuming from {stoppedAt}");
        }
        Assert.Equal(File.ReadAllLines(Path.Combine(_box.Experiments, "straight", "log.jsonl")).Length,
            File.ReadAllLines(folder.Log).Length);
    }
}
