using System.Globalization;
using System.Text.RegularExpressions;

namespace Esrgan.Upscaling.Sharding;

/// <summary>One shard's standing: inputs assigned (from its newest start line), done (output present), failed, missing.</summary>
public sealed record ShardStanding(ShardSpec Shard, bool Started, int Assigned, int Done, int Failed, IReadOnlyList<ManifestEntry> Failures)
{
    public int Missing => Math.Max(0, Assigned - Done - Failed);
}

/// <summary>All shards of the manifests under OUT/.esrgan, grouped by shard count; a shard without a manifest has not started.</summary>
public static partial class ManifestSummary
{
    [GeneratedRegex(@"^shard-(\d+)-of-(\d+)\.jsonl$")]
    private static partial Regex ManifestName();

    public static IReadOnlyList<ShardStanding> Read(string outputFolder)
    {
        string folder = Path.Combine(outputFolder, ShardManifest.FolderName);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{outputFolder}: no shard manifests (no {ShardManifest.FolderName} folder)");
        var shards = new SortedSet<(int Count, int Index)>();
        foreach (string file in Directory.EnumerateFiles(folder, "shard-*-of-*.jsonl"))
        {
            var m = ManifestName().Match(Path.GetFileName(file));
            if (!m.Success) continue;
            if (!int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int count)
                || !int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                || count < 1 || count > ShardSpec.MaxCount || index >= count)
                throw new InvalidDataException($"{file}: not a shard K of N with 0 <= K < N <= {ShardSpec.MaxCount}");
            for (int k = 0; k < count; k++) shards.Add((count, k));
        }
        if (shards.Count == 0) throw new InvalidDataException($"{folder}: no shard-K-of-N.jsonl manifests");
        return shards.Select(s => Standing(outputFolder, new ShardSpec(s.Index, s.Count))).ToList();
    }

    private static ShardStanding Standing(string outputFolder, ShardSpec shard)
    {
        string path = ShardManifest.PathFor(outputFolder, shard);
        if (!File.Exists(path)) return new ShardStanding(shard, false, 0, 0, 0, []);
        var entries = ShardManifest.Read(path);
        int assigned = entries.LastOrDefault(e => e.Status == ManifestEntry.Started)?.Assigned ?? 0;
        var latest = entries.Where(e => e.Path != null && e.Status != ManifestEntry.Started)
            .GroupBy(e => e.Path!, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        int done = latest.Count(e => e.Status == ManifestEntry.Done && e.Output != null && File.Exists(Path.Combine(outputFolder, e.Output)));
        var failures = latest.Where(e => e.Status == ManifestEntry.Failed).ToList();
        return new ShardStanding(shard, true, assigned, done, failures.Count, failures);
    }
}
