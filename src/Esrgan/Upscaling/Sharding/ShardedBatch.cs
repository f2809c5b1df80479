using System.Diagnostics;

namespace Esrgan.Upscaling.Sharding;

/// <summary>An input of a batch: its file, its path relative to the input root (what shards hash) and its output file.</summary>
public sealed record BatchItem(string Input, string RelativePath, string Output);

/// <summary>
/// One shard's part of a batch and its manifest. An assigned input is done when the manifest has a "done" line for
/// it with the input's current size and modification time and its output file exists; everything else is pending,
/// including inputs whose output was renamed into place but not yet recorded (they are redone) and temporary files
/// a killed run left beside their outputs (they are removed).
/// </summary>
public sealed class ShardedBatch : IDisposable
{
    private readonly ShardManifest _manifest;
    private readonly string _outputFolder;
    private readonly Dictionary<string, BatchItem> _byInput;

    public ShardedBatch(ShardSpec shard, string outputFolder, IEnumerable<BatchItem> items)
    {
        _outputFolder = outputFolder;
        Assigned = items.Where(i => shard.Contains(i.RelativePath)).ToList();
        _manifest = new ShardManifest(outputFolder, shard);
        var done = _manifest.Entries.Where(e => e.Status == ManifestEntry.Done && e.Path != null)
            .GroupBy(e => e.Path!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var pending = new List<BatchItem>();
        foreach (var item in Assigned)
        {
            if (done.TryGetValue(item.RelativePath, out var entry) && IsCurrent(item, entry)) continue;
            RemoveTemporaries(item.Output);
            pending.Add(item);
        }
        Pending = pending;
        _byInput = pending.ToDictionary(i => i.Input, StringComparer.Ordinal);
        _manifest.Append(new ManifestEntry(ManifestEntry.Started, Assigned: Assigned.Count));
    }

    /// <summary>The inputs of this shard, done or not.</summary>
    public IReadOnlyList<BatchItem> Assigned { get; }

    /// <summary>The inputs this run must (re)do.</summary>
    public IReadOnlyList<BatchItem> Pending { get; }

    public string ManifestPath => _manifest.FilePath;

    /// <summary>Runs <paramref name="process"/> for the pending input and records it as done once it returns (its output in place).</summary>
    public void Process(string inputFile, Action process)
    {
        if (!_byInput.TryGetValue(inputFile, out var item)) throw new ArgumentException($"{inputFile} is not pending in this shard");
        var input = new FileInfo(item.Input);
        long size = input.Length;
        var modified = input.LastWriteTimeUtc;
        var clock = Stopwatch.StartNew();
        try
        {
            process();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _manifest.Append(new ManifestEntry(ManifestEntry.Failed, item.RelativePath, size, modified, RelativeOutput(item), clock.Elapsed.TotalSeconds, e.Message));
            throw;
        }
        _manifest.Append(new ManifestEntry(ManifestEntry.Done, item.RelativePath, size, modified, RelativeOutput(item), Math.Round(clock.Elapsed.TotalSeconds, 3)));
    }

    private bool IsCurrent(BatchItem item, ManifestEntry entry)
    {
        var input = new FileInfo(item.Input);
        return input.Exists && input.Length == entry.Size && input.LastWriteTimeUtc == entry.ModifiedUtc
            && entry.Output == RelativeOutput(item) && File.Exists(item.Output);
    }

    private string RelativeOutput(BatchItem item) => Path.GetRelativePath(_outputFolder, item.Output).Replace('\\', '/');

    private static void RemoveTemporaries(string output)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (!Directory.Exists(folder)) return;
        foreach (string temp in Directory.EnumerateFiles(folder, $".{Path.GetFileName(output)}.*.tmp"))
            File.Delete(temp);
    }

    public void Dispose() => _manifest.Dispose();
}
