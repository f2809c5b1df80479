using Esrgan.Upscaling;

namespace Esrgan.Cli.Serve;

internal enum ItemState
{
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
}

/// <summary>What the page chose for a job: the model, the final scale, tiling, self-ensemble and alpha handling.</summary>
internal sealed record JobOptions(ModelEntry Model, double? Outscale, int Tile, bool Tta, AlphaMode Alpha);

/// <summary>One uploaded file of a job, its result and progress. <see cref="Work"/> is its pixel count (times frames).</summary>
internal sealed class JobItem(int index, string name, bool video, string input, long work)
{
    public int Index { get; } = index;
    public string Name { get; } = name;
    public bool IsVideo { get; } = video;
    public string InputPath { get; } = input;
    public long Work { get; } = work;
    public string? OutputPath { get; set; }
    public ItemState State { get; set; }
    public double Progress { get; set; }
    public double? EtaSeconds { get; set; }
    public string? Error { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }

    public string ResultName => Path.GetFileNameWithoutExtension(Name) + "_out" + (IsVideo ? ".mp4" : ".png");
}

/// <summary>
/// A queued or running batch. Every change bumps <see cref="Version"/> and wakes those waiting for it (the
/// server-sent event streams).
/// </summary>
internal sealed class Job(string id, string folder, JobOptions options, IReadOnlyList<JobItem> items)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTime? _started;

    public string Id { get; } = id;
    public string Folder { get; } = folder;
    public JobOptions Options { get; } = options;
    public IReadOnlyList<JobItem> Items { get; } = items;
    public CancellationTokenSource Cancellation { get; } = new();
    public string State { get; private set; } = "queued";
    public DateTime? Finished { get; private set; }
    public int Version { get; private set; }

    public bool IsOver => Finished != null;

    public void Update(Action change)
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            change();
            Version++;
            wake = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.TrySetResult();
    }

    public void Start() => Update(() =>
    {
        State = "running";
        _started = DateTime.UtcNow;
    });

    public void Finish() => Update(() =>
    {
        State = Cancellation.IsCancellationRequested ? "cancelled"
            : Items.Any(i => i.State == ItemState.Failed) ? "finished with errors" : "done";
        Finished = DateTime.UtcNow;
    });

    /// <summary>Completes when the version moves past <paramref name="seen"/>, or after the timeout.</summary>
    public Task ChangedSince(int seen, TimeSpan timeout, CancellationToken cancel)
    {
        Task wait;
        lock (_gate)
        {
            if (Version != seen) return Task.CompletedTask;
            wait = _changed.Task;
        }
        return Task.WhenAny(wait, Task.Delay(timeout, cancel));
    }

    /// <summary>The status with the version it shows and whether the job is over, all read at one moment.</summary>
    public (object Status, int Version, bool IsOver) Read()
    {
        lock (_gate) return (Snapshot(), Version, IsOver);
    }

    /// <summary>Status as the API returns it: the job, and each item with progress and ETA.</summary>
    public object Snapshot()
    {
        lock (_gate)
        {
            double total = Items.Sum(i => (double)i.Work);
            double done = Items.Sum(i => i.State is ItemState.Done ? i.Work : i.Work * i.Progress);
            double elapsed = _started is { } s ? (DateTime.UtcNow - s).TotalSeconds : 0;
            double? eta = IsOver || done <= 0 ? null : elapsed * (total - done) / done;
            return new
            {
                id = Id,
                state = State,
                version = Version,
                model = Options.Model.Id,
                progress = total > 0 ? done / total : 0,
                etaSeconds = eta,
                items = Items.Select(i => new
                {
                    index = i.Index, name = i.Name, kind = i.IsVideo ? "video" : "image",
                    state = i.State.ToString().ToLowerInvariant(), progress = i.Progress, etaSeconds = i.EtaSeconds, error = i.Error,
                    width = i.Width, height = i.Height,
                    result = i.State == ItemState.Done ? $"/api/jobs/{Id}/results/{i.Index}" : null,
                }).ToArray(),
            };
        }
    }
}
