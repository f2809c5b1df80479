using System.CommandLine;
using Esrgan.Upscaling.Sharding;

namespace Esrgan.Cli.Commands;

/// <summary>esrgan manifest OUT: what the shards of a sharded upscale (--shard K/N) have done, failed and not yet done.</summary>
internal static class ManifestCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("output") { Description = "Output folder of `esrgan upscale --shard K/N` runs" };
        var command = new Command("manifest", "Summarise the shard manifests of a sharded upscale: done, failed, missing");
        command.Arguments.Add(folder);
        command.SetAction(parse => Run(parse.GetValue(folder)!));
        return command;
    }

    private static int Run(string folder)
    {
        var shards = ManifestSummary.Read(folder);
        foreach (var s in shards)
            Console.WriteLine(s.Started
                ? $"shard {s.Shard}: {s.Assigned} assigned, {s.Done} done, {s.Failed} failed, {s.Missing} missing"
                : $"shard {s.Shard}: not started");
        var started = shards.Where(s => s.Started).ToList();
        int notStarted = shards.Count - started.Count;
        Console.WriteLine($"total: {started.Sum(s => s.Done)} done, {started.Sum(s => s.Failed)} failed, {started.Sum(s => s.Missing)} missing"
            + (notStarted > 0 ? $", {notStarted} shard(s) not started" : ""));
        foreach (var f in started.SelectMany(s => s.Failures)) Console.WriteLine($"failed: {f.Path}: {f.Error}");
        return started.Sum(s => s.Failed + s.Missing) == 0 && notStarted == 0 ? 0 : 1;
    }
}
