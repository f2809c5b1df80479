using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Esrgan.Cli.Serve;

/// <summary>
/// Jobs run one at a time, in the order they came, on one worker thread; the others wait queued. A job can be
/// cancelled while queued or running. Finished jobs (their uploads and results) and idle uploaded models are
/// deleted once <see cref="ServerSettings.Keep"/> has passed.
/// </summary>
internal sealed class JobQueue : IDisposable
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new();
    private readonly Channel<Job> _pending = Channel.CreateUnbounded<Job>();
    private readonly UpscaleEngine _engine;
    private readonly ServerSettings _settings;
    private readonly ModelCatalog _models;
    private readonly Thread _worker;
    private readonly Timer _cleanup;

    public JobQueue(UpscaleEngine engine, ServerSettings settings, ModelCatalog models)
    {
        _engine = engine;
        _settings = settings;
        _models = models;
        _worker = new Thread(Work) { IsBackground = true, Name = "esrgan-jobs" };
        _worker.Start();
        var every = TimeSpan.FromSeconds(Math.Clamp(settings.Keep.TotalSeconds / 4, 1, 60));
        _cleanup = new Timer(_ => RemoveExpired(), null, every, every);
    }

    public void Submit(Job job)
    {
        _jobs[job.Id] = job;
        _pending.Writer.TryWrite(job);
    }

    public Job Find(string id) => _jobs.TryGetValue(id, out var job) ? job : throw new ApiError(404, $"job {id}: not found (finished jobs are deleted after a while)");

    public void Cancel(string id) => Find(id).Cancellation.Cancel();

    private void Work()
    {
        while (_pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            while (_pending.Reader.TryRead(out var job))
                Run(job);
    }

    private void Run(Job job)
    {
        job.Start();
        foreach (var item in job.Items)
        {
            if (job.Cancellation.IsCancellationRequested)
            {
                job.Update(() => item.State = ItemState.Cancelled);
                continue;
            }
            job.Update(() => item.State = ItemState.Running);
            try
            {
                _engine.Run(job, item, (f, eta) => job.Update(() => (item.Progress, item.EtaSeconds) = (f, eta)));
                job.Update(() => (item.State, item.Progress, item.EtaSeconds) = (ItemState.Done, 1, 0));
            }
            catch (OperationCanceledException)
            {
                job.Update(() => item.State = ItemState.Cancelled);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                job.Update(() => (item.State, item.Error) = (ItemState.Failed, e.Message.Replace(item.InputPath, item.Name)));
            }
        }
        job.Finish();
    }

    private void RemoveExpired()
    {
        var cutoff = DateTime.UtcNow - _settings.Keep;
        foreach (var job in _jobs.Values.Where(j => j.Finished < cutoff))
            if (_jobs.TryRemove(job.Id, out _) && Directory.Exists(job.Folder))
                Directory.Delete(job.Folder, recursive: true);
        _models.RemoveUnusedSince(cutoff, _jobs.Values.Where(j => !j.IsOver).Select(j => j.Options.Model.Id).ToHashSet());
    }

    public void Dispose()
    {
        _cleanup.Dispose();
        foreach (var job in _jobs.Values) job.Cancellation.Cancel();
        _pending.Writer.TryComplete();
        _worker.Join();
    }
}
