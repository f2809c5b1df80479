using System.Diagnostics;
using System.Globalization;
using Esrgan.Engine;
using Esrgan.IO;
using Esrgan.Training.Checkpoints;
using Esrgan.Training.Data;
using Esrgan.Training.Distributed;
using Esrgan.Training.Logging;
using Esrgan.Training.Options;
using Esrgan.Training.Validation;

namespace Esrgan.Training;

/// <summary>
/// The training loop: prefetched batches, one step per iteration, averaged loss terms logged every print_freq,
/// validation every val_freq (best model kept), checkpoints every save_checkpoint_freq and at the end, and a
/// checkpoint before stopping when cancellation is requested. With several ranks (<paramref name="ranks"/>) every
/// rank trains on its slice of each global batch with gradients averaged, starting from rank 0's state; rank 0 alone
/// reads and writes checkpoints, validates and logs.
/// </summary>
internal sealed class Trainer(TrainingOptions options, TextWriter? output = null, ICollectiveCommunicator? ranks = null)
{
    private readonly ICollectiveCommunicator _ranks = ranks ?? SingleProcessCommunicator.Instance;
    private readonly TextWriter _output = (ranks?.Rank ?? 0) == 0 ? output ?? Console.Error : TextWriter.Null;
    private ProgressDisplay? _display;

    /// <summary>Raised after each iteration (its checkpoint, if any, written).</summary>
    public event Action<long>? IterationFinished;

    /// <summary>Trains to train.total_iter; with <paramref name="resume"/> continues from the newest readable state.</summary>
    public void Run(bool resume, CancellationToken cancel)
    {
        var folder = new ExperimentFolder(options.Paths.ExperimentsRoot ?? "experiments", options.Name);
        if (IsLead && !resume && folder.HasStates)
            throw new InvalidOperationException($"{folder.Root} already holds training states: add --resume to continue that run, or choose another name (--set name=...)");
        if (IsLead && resume && !folder.HasStates)
            throw new InvalidOperationException($"{folder.States}: no training state to resume from; start the run without --resume");
        using var session = new TrainingSession(options, _ranks.Size > 1 ? new GradientAverager(_ranks) : LocalGradients.Instance);
        var log = new TrainingLog(folder.Log);
        var info = new TrainingStateInfo(0, options.Seed, 0, 0, null, 0, 0);
        if (IsLead && resume) info = Restore(folder, session, log);
        info = StateBroadcast.FromLead(_ranks, info, session.StateNetworks, session.StateOptimizers);
        if (IsLead) RunRecord.Write(folder, options);

        var validator = IsLead && options.Validation != null && options.ValData != null ? new Validator(options.ValData, options.Validation, options.Scale) : null;
        long total = options.Train.TotalIter, start = info.Iteration + 1;
        if (start > total)
        {
            Say($"{folder.Root}: already trained to iteration {info.Iteration} of {total}");
            return;
        }
        var numbering = RankSampling.Resume(info, options.TrainData.BatchSize, _ranks, Say);
        var sampler = CreateSampler(numbering);
        var display = _display = new ProgressDisplay(start, total, _output, output == null && !Console.IsErrorRedirected);
        var clock = Stopwatch.StartNew();
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        int counted = 0;
        long savedAt = info.Iteration;
        using var prefetcher = new BatchPrefetcher(sampler, start, total);
        for (long i = start; i <= total; i++)
        {
            var rates = session.SetLearningRates(i);
            LossTerms terms;
            using (ComputePrecision.Use(options.Train.Precision)) terms = session.Step.Run(prefetcher.Take(), i);
            foreach (var (k, v) in terms.Values) sums[k] = sums.GetValueOrDefault(k) + v;
            counted++;
            display.Update(i, string.Join(" ", terms.Values.Select(kv => $"{kv.Key} {kv.Value:0.####}")));
            if (i % options.Logger.PrintFreq == 0 || i == total)
            {
                var values = RankSampling.MeanOverRanks(_ranks, sums, counted);
                foreach (var (k, v) in rates) values[k] = v;
                values["it_per_s"] = display.IterationsPerSecond(i);
                values["elapsed_s"] = info.ElapsedSeconds + clock.Elapsed.TotalSeconds;
                sums.Clear();
                counted = 0;
                if (IsLead)
                {
                    log.Add(new LogEntry("train", i, values));
                    Flush(log, folder);
                }
            }
            if (validator != null && (i % options.Validation!.ValFreq == 0 || i == total))
                info = Validate(i, session, validator, folder, log, info, display);
            bool stopping = RankSampling.AnyRank(_ranks, cancel.IsCancellationRequested);
            if (i % options.Logger.SaveCheckpointFreq == 0 || i == total || stopping)
            {
                info = RankSampling.Record(info with { Iteration = i, ElapsedSeconds = info.ElapsedSeconds + clock.Elapsed.TotalSeconds },
                    numbering, _ranks.Size, options.TrainData.BatchSize);
                clock.Restart();
                ReplicaCheck.EnsureInSync(_ranks, session.StateNetworks);
                if (IsLead) SaveCheckpoint(folder, session, info);
                savedAt = i;
            }
            IterationFinished?.Invoke(i);
            if (stopping && i < total)
            {
                display.Finish();
                throw new TrainingInterruptedException(
                    $"stopped at iteration {i}; checkpoint {folder.StatePath(savedAt)} saved. Continue with: {RunRecord.ResumeCommand(options)}");
            }
        }
        display.Finish();
        Say($"finished {total} iterations; models in {folder.Models}");
    }

    private TrainingStateInfo Restore(ExperimentFolder folder, TrainingSession session, TrainingLog log)
    {
        foreach (var (_, path) in folder.StatesNewestFirst())
        {
            try
            {
                var info = TrainingState.Restore(path, session.StateNetworks, session.StateOptimizers);
                if (info.Seed != options.Seed)
                    throw new InvalidDataException($"{path}: saved with manual_seed {info.Seed}, the options say {options.Seed}");
                log.LoadExisting(info.Iteration);
                Say($"resuming from {path} (iteration {info.Iteration})");
                return info;
            }
            catch (Exception e) when (e is InvalidDataException or Formats.ModelFileException && !e.Message.Contains("does not fit", StringComparison.Ordinal) && !e.Message.Contains("manual_seed", StringComparison.Ordinal))
            {
                Say($"warning: skipping unreadable state {path}: {e.Message}");
            }
        }
        throw new InvalidDataException($"{folder.States}: no readable training state to resume from");
    }

    private bool IsLead => _ranks.Rank == 0;

    private PatchSampler CreateSampler(SampleNumbering numbering)
    {
        var d = options.TrainData;
        var (pairs, small) = ImagePairList.ByPatchFit(ImagePairList.Build(d.GtFolders, d.LqFolders, d.FilenameTemplate), options.Scale, d.GtSize);
        if (small.Count > 0)
            Say($"note: {small.Count} training image(s) smaller than gt_size {d.GtSize} are left out: "
                + string.Join(", ", small.Take(5).Select(p => Path.GetFileName(p.GtPath))) + (small.Count > 5 ? ", ..." : ""));
        if (pairs.Count == 0) throw new InvalidDataException($"{options.SourceFile}: no training image is at least gt_size {d.GtSize} pixels on each side");
        var cache = new PairCache(pairs, options.Scale, (long)d.CacheMegabytes << 20);
        return new PatchSampler(cache, options.Scale, d.GtSize, d.BatchSize, options.Seed, d.UseShuffle, d.UseHflip, d.UseRot, d.Workers, numbering);
    }

    private TrainingStateInfo Validate(long iteration, TrainingSession session, Validator validator, ExperimentFolder folder,
        TrainingLog log, TrainingStateInfo info, ProgressDisplay display)
    {
        var first = options.Validation!.Metrics[0].Name;
        var measured = ValidatedWeights.Measure(session, iteration, first,
            (network, save) => validator.Evaluate(network, save && options.Validation.SaveImages ? folder.Visualization : null, iteration));
        var metrics = measured.Metrics;
        if (info.BestMetric is not double best || metrics[first] > best)
        {
            info = info with { BestMetric = metrics[first], BestIteration = iteration };
            ExperimentFolder.SaveNetwork(folder.ModelPath("net_g", "best"), measured.Network, session.GeneratorSpec);
            measured.WriteBestRecord(Path.ChangeExtension(folder.ModelPath("net_g", "best"), ".json"), iteration, first);
        }
        var values = new Dictionary<string, double>(measured.LogValues, StringComparer.Ordinal) { [$"best_{first}"] = info.BestMetric!.Value, ["best_iter"] = info.BestIteration };
        log.Add(new LogEntry("val", iteration, values));
        Flush(log, folder);
        display.Message($"validation at {iteration} of {measured.Description}: "
            + string.Join(", ", metrics.Select(kv => $"{kv.Key} {kv.Value.ToString("0.0000", CultureInfo.InvariantCulture)}"))
            + $" (best {first} {info.BestMetric:0.0000} at {info.BestIteration})");
        return info;
    }

    private void SaveCheckpoint(ExperimentFolder folder, TrainingSession session, TrainingStateInfo info)
    {
        string tag = info.Iteration.ToString(CultureInfo.InvariantCulture);
        session.SaveModels(folder, tag);
        session.SaveModels(folder, "latest");
        info = info with { OptimizerGSteps = session.OptimizerG.Step, OptimizerDSteps = session.OptimizerD?.Step ?? 0 };
        TrainingState.Write(folder.StatePath(info.Iteration), info, session.StateNetworks, session.StateOptimizers);
        folder.PruneStates(options.Logger.KeepStates);
    }

    private static void Flush(TrainingLog log, ExperimentFolder folder)
    {
        log.Flush();
        CurvePlot.Write(folder.Curves, log.Entries);
    }

    private void Say(string message)
    {
        if (_display != null) _display.Message(message);
        else _output.WriteLine(message);
    }
}
