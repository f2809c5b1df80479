using Esrgan.Training.Checkpoints;
using Esrgan.Training.Distributed;
using Esrgan.Training.Options;

namespace Esrgan.Training;

/// <summary>
/// The training loop: prefetched batches, one step per iteration, averaged loss terms logged every print_freq,
/// validation every val_freq (best model kept), checkpoints every save_checkpoint_freq and at the end, and a
/// checkpoint before stopping when cancellation is requested. With several ranks (<paramref name="ranks"/>) every
/// rank trains on its slice of each global batch with gradients averaged, starting from rank 0's state; rank 0 alone
/// reads and writes checkpoints, validates, logs and reports. It reports through <see cref="IProgress{T}"/> and
/// events and never writes to the console.
/// </summary>
internal sealed class Trainer(TrainingOptions options, IProgress<TrainingProgress>? progress = null, ICollectiveCommunicator? ranks = null)
{
    private readonly ICollectiveCommunicator _ranks = ranks ?? SingleProcessCommunicator.Instance;

    /// <summary>Raised after each iteration (its checkpoint, if any, written).</summary>
    public event Action<long>? IterationFinished;

    /// <summary>Raised after each validation (on rank 0).</summary>
    public event Action<ValidationReport>? Validated;

    /// <summary>What the run wants its user to know (on rank 0): the state it resumes from, skipped files, the end.</summary>
    public event Action<string>? Notice;

    /// <summary>
    /// Trains to train.total_iter; with <paramref name="resume"/> continues from the newest readable state. Throws
    /// <see cref="ExperimentExistsException"/> when a fresh run would overwrite an earlier one's states, and
    /// <see cref="TrainingInterruptedException"/> when stopped through <paramref name="cancel"/> before the end.
    /// </summary>
    public void Run(bool resume, CancellationToken cancel)
    {
        using var run = TrainingRun.Open(options, resume, _ranks, Say);
        long total = options.Train.TotalIter;
        if (run.FirstIteration > total)
        {
            Say($"{run.Folder.Root}: already trained to iteration {total}");
            return;
        }
        using var batches = run.Batches();
        for (long i = run.FirstIteration; i <= total; i++)
        {
            var terms = run.Step(i, batches.Take());
            if (run.IsLead) progress?.Report(new TrainingProgress(i, run.FirstIteration, total, terms.Values, run.IterationsPerSecond(i)));
            if (i % options.Logger.PrintFreq == 0 || i == total) run.LogAverages(i);
            if (run.ValidationDue(i) && run.Validate(i) is { } report) Validated?.Invoke(report);
            bool stopping = RankSampling.AnyRank(_ranks, cancel.IsCancellationRequested);
            if (i % options.Logger.SaveCheckpointFreq == 0 || i == total || stopping) run.SaveCheckpoint(i);
            IterationFinished?.Invoke(i);
            if (stopping && i < total) throw new TrainingInterruptedException(i, run.Folder.StatePath(i), RunRecord.ResumeCommand(options));
        }
        Say($"finished {total} iterations; models in {run.Folder.Models}");
    }

    private void Say(string message)
    {
        if (_ranks.Rank == 0) Notice?.Invoke(message);
    }
}
