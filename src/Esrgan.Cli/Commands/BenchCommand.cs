using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Esrgan.Cli.Bench;
using Esrgan.Engine;
using Esrgan.Engine.Cpu;
using Esrgan.IO;

namespace Esrgan.Cli.Commands;

/// <summary>
/// esrgan bench [--json FILE] [--no-pytorch] [--convolution auto|winograd|direct]: engine speed in GFLOP/s and against
/// PyTorch in the same run.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var json = new Option<string?>("--json") { Description = "Also write the figures to this JSON file" };
        var noPytorch = new Option<bool>("--no-pytorch") { Description = "Skip the PyTorch reference run" };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs per case (the median is reported)", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--pytorch-threads") { Description = "Threads for PyTorch", DefaultValueFactory = _ => Environment.ProcessorCount };
        var convolution = new Option<string?>("--convolution")
        {
            Description = "Convolution algorithm: auto (Winograd for inference, direct for training), winograd or direct; "
                + $"default from {ConvolutionAlgorithms.EnvironmentVariable}, else auto",
        };
        var command = new Command("bench", "Benchmark RRDBNet x4 inference and a training step, with PyTorch as the reference");
        command.Options.Add(json);
        command.Options.Add(noPytorch);
        command.Options.Add(repeats);
        command.Options.Add(threads);
        command.Options.Add(convolution);
        command.SetAction(parse =>
        {
            int n = Math.Max(1, parse.GetValue(repeats));
            var algorithm = parse.GetValue(convolution) is string name
                ? ConvolutionAlgorithms.Parse(name, "--convolution") : ConvolutionAlgorithms.FromEnvironment();
            using var scope = Backend.Scoped(new CpuKernels(algorithm));
            string engine = Backend.Current.Description;
            Console.WriteLine($"engine: {engine}, {Environment.ProcessorCount} cores");
            string? unavailable = "skipped (--no-pytorch)";
            using var torch = parse.GetValue(noPytorch) ? null : PyTorchReference.TryStart(parse.GetValue(threads), out unavailable);
            var results = Measure(n, torch);
            Print(results, unavailable);
            if (parse.GetValue(json) is string path) AtomicFile.WriteAllText(path, Json(results, engine));
            return 0;
        });
        return command;
    }

    private sealed record Result(string Name, double Seconds, double GflopPerSecond, double? PyTorchSeconds);

    /// <summary>
    /// One untimed run per side, then timed runs that alternate between this engine and PyTorch, so that both see
    /// the same machine load; the medians are reported.
    /// </summary>
    private static List<Result> Measure(int repeats, PyTorchReference? torch)
    {
        using var bench = new RrdbBenchmark();
        var results = new List<Result>();
        foreach (var c in bench.Cases)
        {
            Console.Error.WriteLine(torch != null ? $"running {c.Name} (alternating with PyTorch) ..." : $"running {c.Name} ...");
            c.RunOnce();
            torch?.Time(c.Name);
            var ours = new List<double>();
            var theirs = new List<double>();
            for (int i = 0; i < repeats; i++)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                c.RunOnce();
                ours.Add(watch.Elapsed.TotalSeconds);
                if (torch != null) theirs.Add(torch.Time(c.Name));
            }
            double seconds = Median(ours);
            results.Add(new Result(c.Name, seconds, c.Flops / seconds / 1e9, torch != null ? Median(theirs) : null));
        }
        return results;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static void Print(List<Result> results, string? unavailable)
    {
        Console.WriteLine($"{"case",-12} {"seconds",9} {"GFLOP/s",9} {"PyTorch s",10} {"speedup",8}");
        foreach (var r in results)
        {
            string reference = r.PyTorchSeconds is double t ? $"{t,10:F4} {t / r.Seconds,7:F2}x" : $"{"-",10} {"-",8}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Name,-12} {r.Seconds,9:F4} {r.GflopPerSecond,9:F1} {reference}"));
        }
        if (results.All(r => r.PyTorchSeconds == null)) Console.WriteLine($"PyTorch reference: {unavailable}");
        Console.WriteLine("GFLOP/s counts 2 x the multiply-accumulates of direct convolution, also where Winograd kernels do fewer.");
    }

    private static string Json(List<Result> results, string engine)
    {
        var list = new JsonArray();
        foreach (var r in results)
        {
            var o = new JsonObject { ["name"] = r.Name, ["seconds"] = r.Seconds, ["gflop_per_s"] = r.GflopPerSecond };
            if (r.PyTorchSeconds is double t)
            {
                o["pytorch_seconds"] = t;
                o["speedup"] = t / r.Seconds;
            }
            list.Add(o);
        }
        var root = new JsonObject { ["engine"] = engine, ["cores"] = Environment.ProcessorCount, ["cases"] = list };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
