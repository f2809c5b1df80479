using Esrgan.Upscaling.Sharding;

namespace Esrgan.Cli.Upscale;

/// <summary>--shard K/N: the batch items of the command line's plan, each keyed by its path relative to its input root.</summary>
internal static class ShardPlan
{
    public static ShardedBatch Open(ShardSpec shard, string outputFolder, List<(string File, string Root)> files, List<(string Input, string Output)> plan)
    {
        if (!Directory.Exists(outputFolder) && InputFiles.IsImage(outputFolder))
            throw new ArgumentException($"--shard needs an output folder (-o), not the file name {outputFolder}");
        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, root) in files) roots.TryAdd(file, root);
        var items = plan.Select(p => new BatchItem(p.Input, Path.GetRelativePath(roots[p.Input], p.Input), p.Output));
        return new ShardedBatch(shard, outputFolder, items);
    }
}
