using System.Collections.Concurrent;

namespace Esrgan.Training.Data;

/// <summary>
/// Prepares the batches of the coming iterations on a background thread (decoding, LR making and cropping there),
/// a few ahead, so the training loop only takes finished batches. A failure is rethrown to the taker.
/// </summary>
internal sealed class BatchPrefetcher : IDisposable
{
    private readonly BlockingCollection<Func<TrainingBatch>> _ready;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public BatchPrefetcher(PatchSampler sampler, long firstIteration, long lastIteration, int depth = 3)
    {
        _ready = new BlockingCollection<Func<TrainingBatch>>(depth);
        _thread = new Thread(() => Produce(sampler, firstIteration, lastIteration)) { IsBackground = true, Name = "batch prefetch" };
        _thread.Start();
    }

    private void Produce(PatchSampler sampler, long first, long last)
    {
        try
        {
            for (long i = first; i <= last; i++)
            {
                var batch = sampler.Batch(i);
                _ready.Add(() => batch, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            try { _ready.Add(() => { failure.Throw(); return null!; }, _stop.Token); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>The next batch in iteration order (waits only if the workers are behind).</summary>
    public TrainingBatch Take() => _ready.Take()();

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _ready.Dispose();
        _stop.Dispose();
    }
}
