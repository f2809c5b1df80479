namespace Esrgan.Cli.Upscale;

/// <summary>Which planned outputs to write: an existing output is kept (--skip-existing), replaced (--overwrite) or an error, reported through <paramref name="error"/>.</summary>
internal static class ExistingOutputs
{
    public static (List<(string Input, string Output)> Todo, int Skipped, int Failed) Partition(
        List<(string Input, string Output)> plan, bool skipExisting, bool overwrite, Action<string> error)
    {
        var todo = new List<(string Input, string Output)>();
        int failed = 0, skipped = 0;
        foreach (var item in plan)
        {
            if (!File.Exists(item.Output) || overwrite) todo.Add(item);
            else if (skipExisting) skipped++;
            else
            {
                error($"error: {item.Output}: already exists (use --overwrite or --skip-existing)");
                failed++;
            }
        }
        return (todo, skipped, failed);
    }
}
