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
/// One run of <see cref="Trainer"/>: its experiment folder, networks, log and validator, and the named steps the loop
/// takes each iteration (step, log, validate, checkpoint).
/// </summary>
internal sealed class TrainingRun : IDisposable
{
    private readonly TrainingOptions _options;
    private readonly TrainingSession _session;
    private readonly TrainingLog _log;
    private readonly Validator? _validator;
    private readonly Action<string> _say;
    private readonly ICollectiveCommunicator _ranks;
    private readonly SampleNumbering _numbering;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private readonly Dictionary<string, double> _sums = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, double> _rates = new Dictionary<string, double>();
    private int _counted;
    private TrainingStateInfo _info;

    private TrainingRun(TrainingOptions options, ExperimentFolder folder, TrainingSession session, TrainingLog log, TrainingStateInfo info,
        ICollectiveCommunicator ranks, Action<string> say)
    {
        _ranks = ranks;
        _options = options;
        Folder = folder;
        _session = session;
        _log = log;
        _info = info;
        _say = say;
        _validator = IsLead && options.Validation != null && options.ValData != null ? new Validator(options.ValData, options.Validation, options.Scale) : null;
        FirstIteration = info.Iteration + 1;
        _numbering = RankSampling.Resume(info, options.TrainData.BatchSize, ranks, say);
    }

    public ExperimentFolder Folder { get; }
    public long FirstIteration { get; }

    /// <summary>Rank 0, which alone reads and writes files and reports.</summary>
    public bool IsLead => _ranks.Rank == 0;

    /// <summary>Builds the session and, with <paramref name="resume"/>, restores the newest readable state.</summary>
    public static TrainingRun Open(TrainingOptions options, bool resume, ICollectiveCommunicator ranks, Action<string> say)
    {
        var folder = new ExperimentFolder(options.Paths.ExperimentsRoot ?? "experiments", options.Name);
        bool lead = ranks.Rank == 0;
        if (lead && !resume && folder.HasStates) throw new ExperimentExistsException(folder.Root);
        if (lead && resume && !folder.HasStates)
            throw new InvalidOperationException($"{folder.States}: no training state to resume from; start the run without --resume");
        var session = new TrainingSession(options, ranks.Size > 1 ? new GradientAverager(ranks) : LocalGradients.Instance);
        try
        {
            var log = new TrainingLog(folder.Log);
            var info = new TrainingStateInfo(0, options.Seed, 0, 0, null, 0, 0);
            if (lead && resume) info = Restore(options, folder, session, log, say);
            info = StateBroadcast.FromLead(ranks, info, session.StateNetworks, session.StateOptimizers);
            if (lead) RunRecord.Write(folder, options);
            return new TrainingRun(options, folder, session, log, info, ranks, say);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The newest state that reads; damaged ones are skipped, ones made with other options stop the run.</summary>
    private static TrainingStateInfo Restore(TrainingOptions options, ExperimentFolder folder, TrainingSession session, TrainingLog log, Action<string> say)
    {
        foreach (var (_, path) in folder.StatesNewestFirst())
        {
            try
            {
                var info = TrainingState.Restore(path, session.StateNetworks, session.StateOptimizers);
                if (info.Seed != options.Seed)
                    throw new TrainingStateMismatchException($"{path}: saved with manual_seed {info.Seed}, the options say {options.Seed}");
                log.LoadExisting(info.Iteration);
                say($"resuming from {path} (iteration {info.Iteration})");
                return info;
            }
            catch (Exception e) when (e is InvalidDataException or Formats.ModelFileException)
            {
                say($"warning: skipping unreadable state {path}: {e.Message}");
            }
        }
        throw new InvalidDataException($"{folder.States}: no readable training state to resume from");
    }

    /// <summary>Training batches for the remaining iterations, loaded ahead on another thread.</summary>
    public BatchPrefetcher Batches()
    {
        var d = _options.TrainData;
        var (pairs, small) = ImagePairList.ByPatchFit(ImagePairList.Build(d.GtFolders, d.LqFolders, d.FilenameTemplate), _options.Scale, d.GtSize);
        if (small.Count > 0)
            _say($"note: {small.Count} training image(s) smaller than gt_size {d.GtSize} are left out: "
                + string.Join(", ", small.Take(5).Select(p => Path.GetFileName(p.GtPath))) + (small.Count > 5 ? ", ..." : ""));
        if (pairs.Count == 0) throw new InvalidDataException($"{_options.SourceFile}: no training image is at least gt_size {d.GtSize} pixels on each side");
        var cache = new PairCache(pairs, _options.Scale, (long)d.CacheMegabytes << 20);
        var sampler = new PatchSampler(cache, _options.Scale, d.GtSize, d.BatchSize, _options.Seed, d.UseShuffle, d.UseHflip, d.UseRot, d.Workers, _numbering);
        _sinceStart.Restart();
        return new BatchPrefetcher(sampler, FirstIteration, _options.Train.TotalIter);
    }

    public double IterationsPerSecond(long iteration) =>
        iteration >= FirstIteration && _sinceStart.Elapsed.TotalSeconds > 0 ? (iteration - FirstIteration + 1) / _sinceStart.Elapsed.TotalSeconds : 0;

    /// <summary>Sets this iteration's learning rates, runs the training step and adds its terms to the running sums.</summary>
    public LossTerms Step(long iteration, TrainingBatch batch)
    {
        _rates = _session.SetLearningRates(iteration);
        LossTerms terms;
        using (ComputePrecision.Use(_options.Train.Precision)) terms = _session.Step.Run(batch, iteration);
        foreach (var (k, v) in terms.Values) _sums[k] = _sums.GetValueOrDefault(k) + v;
        _counted++;
        return terms;
    }

    /// <summary>Logs the terms averaged since the last log line, the learning rates and the speed.</summary>
    public void LogAverages(long iteration)
    {
        var values = RankSampling.MeanOverRanks(_ranks, _sums, _counted);
        foreach (var (k, v) in _rates) values[k] = v;
        values["it_per_s"] = IterationsPerSecond(iteration);
        values["elapsed_s"] = _info.ElapsedSeconds + _clock.Elapsed.TotalSeconds;
        _sums.Clear();
        _counted = 0;
        if (!IsLead) return;
        _log.Add(new LogEntry("train", iteration, values));
        Flush();
    }

    public bool ValidationDue(long iteration) =>
        _validator != null && (iteration % _options.Validation!.ValFreq == 0 || iteration == _options.Train.TotalIter);

    /// <summary>Runs validation, keeps the best model by the first metric and logs the result.</summary>
    public ValidationReport? Validate(long iteration)
    {
        if (_validator == null) return null;
        var first = _options.Validation!.Metrics[0].Name;
        var measured = ValidatedWeights.Measure(_session, iteration, first,
            (network, save) => _validator.Evaluate(network, save && _options.Validation.SaveImages ? Folder.Visualization : null, iteration));
        var metrics = measured.Metrics;
        if (_info.BestMetric is not double best || metrics[first] > best)
        {
            _info = _info with { BestMetric = metrics[first], BestIteration = iteration };
            ExperimentFolder.SaveNetwork(Folder.ModelPath("net_g", "best"), measured.Network, _session.GeneratorSpec);
            measured.WriteBestRecord(Path.ChangeExtension(Folder.ModelPath("net_g", "best"), ".json"), iteration, first);
        }
        var values = new Dictionary<string, double>(measured.LogValues, StringComparer.Ordinal) { [$"best_{first}"] = _info.BestMetric!.Value, ["best_iter"] = _info.BestIteration };
        _log.Add(new LogEntry("val", iteration, values));
        Flush();
        return new ValidationReport(iteration, measured.Description, metrics, first, _info.BestMetric.Value, _info.BestIteration);
    }

    /// <summary>Saves the models (tagged and latest) and the resumable state, pruning old states.</summary>
    public void SaveCheckpoint(long iteration)
    {
        _info = RankSampling.Record(_info with { Iteration = iteration, ElapsedSeconds = _info.ElapsedSeconds + _clock.Elapsed.TotalSeconds },
            _numbering, _ranks.Size, _options.TrainData.BatchSize);
        _clock.Restart();
        ReplicaCheck.EnsureInSync(_ranks, _session.StateNetworks);
        if (!IsLead) return;
        _session.SaveModels(Folder, iteration.ToString(CultureInfo.InvariantCulture));
        _session.SaveModels(Folder, "latest");
        var info = _info with { OptimizerGSteps = _session.OptimizerG.Step, OptimizerDSteps = _session.OptimizerD?.Step ?? 0 };
        TrainingState.Write(Folder.StatePath(iteration), info, _session.StateNetworks, _session.StateOptimizers);
        Folder.PruneStates(_options.Logger.KeepStates);
    }

    private void Flush()
    {
        _log.Flush();
        CurvePlot.Write(Folder.Curves, _log.Entries);
    }

    public void Dispose() => _session.Dispose();
}
