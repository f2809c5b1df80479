using System.Diagnostics;
using System.Globalization;
using Esrgan.IO;
using Esrgan.Training.Checkpoints;
using Esrgan.Training.Data;
using Esrgan.Training.Logging;
using Esrgan.Training.Options;
using Esrgan.Training.Validation;

namespace Esrgan.Training;

/// <summary>
/// The training loop: prefetched batches, one step per iteration, averaged loss terms logged every print_freq,
/// validation every val_freq (best model kept), checkpoints every save_checkpoint_freq and at the end, and a
/// checkpoint before stopping when cancellation is requested.
/// </summary>
internal sealed class Trainer(TrainingOptions options, TextWriter? output = null)
{
    private readonly TextWriter _output = output ?? Console.Error;
    private ProgressDisplay? _display;

    /// <summary>Raised after each iteration (its checkpoint, if any, written).</summary>
    public event Action<long>? IterationFinished;

    /// <summary>Trains to train.total_iter; with <paramref name="resume"/> continues from the newest readable state.</summary>
    public void Run(bool resume, CancellationToken cancel)
    {
        var folder = new ExperimentFolder(options.Paths.ExperimentsRoot ?? "experiments", options.Name);
        if (!resume && folder.HasStates)
            throw new InvalidOperationException($"{folder.Root} already holds training states: add --resume to continue that run, or choose another name (--set name=...)");
        using var session = new TrainingSession(options);
        var log = new TrainingLog(folder.Log);
        var info = new TrainingStateInfo(0, options.Seed, 0, 0, null, 0, 0);
        if (resume && folder.HasStates) info = Restore(folder, session, log);
        Directory.CreateDirectory(folder.Root);
        AtomicFile.WriteAllText(Path.Combine(folder.Root, Path.GetFileName(options.SourceFile)), File.ReadAllText(options.SourceFile));

        var validator = options.Validation != null && options.ValData != null ? new Validator(options.ValData, options.Validation, options.Scale) : null;
        long total = options.Train.TotalIter, start = info.Iteration + 1;
        if (start > total)
        {
            Say($"{folder.Root}: already trained to iteration {info.Iteration} of {total}");
            return;
        }
        var sampler = CreateSampler();
        var display = _display = new ProgressDisplay(start, total, _output, output == null && !Console.IsErrorRedirected);
        var clock = Stopwatch.StartNew();
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        int counted = 0;
        long savedAt = info.Iteration;
        using var prefetcher = new BatchPrefetcher(sampler, start, total);
        for (long i = start; i <= total; i++)
        {
            var rates = session.SetLearningRates(i);
            var terms = session.Step.Run(prefetcher.Take(), i);
            foreach (var (k, v) in terms.Values) sums[k] = sums.GetValueOrDefault(k) + v;
            counted++;
            display.Update(i, string.Join(" ", terms.Values.Select(kv => $"{kv.Key} {kv.Value:0.####}")));
            if (i % options.Logger.PrintFreq == 0 || i == total)
            {
                var values = sums.ToDictionary(kv => kv.Key, kv => kv.Value / counted, StringComparer.Ordinal);
                foreach (var (k, v) in rates) values[k] = v;
                values["it_per_s"] = display.IterationsPerSecond(i);
                values["elapsed_s"] = info.ElapsedSeconds + clock.Elapsed.TotalSeconds;
                log.Add(new LogEntry("train", i, values));
                sums.Clear();
                counted = 0;
                Flush(log, folder);
            }
            if (validator != null && (i % options.Validation!.ValFreq == 0 || i == total))
                info = Validate(i, session, validator, folder, log, info, display);
            bool stopping = cancel.IsCancellationRequested;
            if (i % options.Logger.SaveCheckpointFreq == 0 || i == total || stopping)
            {
                info = info with { Iteration = i, ElapsedSeconds = info.ElapsedSeconds + clock.Elapsed.TotalSeconds };
                clock.Restart();
                SaveCheckpoint(folder, session, info);
                savedAt = i;
            }
            IterationFinished?.Invoke(i);
            if (stopping && i < total)
            {
                display.Finish();
                throw new TrainingInterruptedException(
                    $"stopped at iteration {i}; checkpoint {folder.StatePath(savedAt)} saved. Continue with: esrgan train {options.SourceFile} --resume");
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
            catch (InvalidDataException e) when (!e.Message.Contains("does not fit", StringComparison.Ordinal) && !e.Message.Contains("manual_seed", StringComparison.Ordinal))
            {
                Say($"warning: skipping unreadable state {path}: {e.Message}");
            }
        }
        throw new InvalidDataException($"{folder.States}: no readable training state to resume from");
    }

    private PatchSampler CreateSampler()
    {
        var d = options.TrainData;
        var (pairs, small) = ImagePairList.ByPatchFit(ImagePairList.Build(d.GtFolders, d.LqFolders, d.FilenameTemplate), options.Scale, d.GtSize);
        if (small.Count > 0)
            Say($"note: {small.Count} training image(s) smaller than gt_size {d.GtSize} are left out: "
                + string.Join(", ", small.Take(5).Select(p => Path.GetFileName(p.GtPath))) + (small.Count > 5 ? ", ..." : ""));
        if (pairs.Count == 0) throw new InvalidDataException($"{options.SourceFile}: no training image is at least gt_size {d.GtSize} pixels on each side");
        var cache = new PairCache(pairs, options.Scale, (long)d.CacheMegabytes << 20);
        return new PatchSampler(cache, options.Scale, d.GtSize, d.BatchSize, options.Seed, d.UseShuffle, d.UseHflip, d.UseRot, d.Workers);
    }

    private TrainingStateInfo Validate(long iteration, TrainingSession session, Validator validator, ExperimentFolder folder,
        TrainingLog log, TrainingStateInfo info, ProgressDisplay display)
    {
        var metrics = validator.Evaluate(session.Evaluated, options.Validation!.SaveImages ? folder.Visualization : null, iteration);
        var first = options.Validation.Metrics[0].Name;
        if (info.BestMetric is not double best || metrics[first] > best)
        {
            info = info with { BestMetric = metrics[first], BestIteration = iteration };
            ExperimentFolder.SaveNetwork(folder.ModelPath("net_g", "best"), session.Evaluated, session.GeneratorSpec);
        }
        var values = new Dictionary<string, double>(metrics, StringComparer.Ordinal) { [$"best_{first}"] = info.BestMetric!.Value, ["best_iter"] = info.BestIteration };
        log.Add(new LogEntry("val", iteration, values));
        Flush(log, folder);
        display.Message($"validation at {iteration}: "
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
