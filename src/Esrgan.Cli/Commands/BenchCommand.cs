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
            List<RrdbBenchmark.Case> ours;
            string engine;
            using (Backend.Scoped(new CpuKernels(algorithm)))
            {
                engine = Backend.Current.Description;
                Console.WriteLine($"engine: {engine}, {Environment.ProcessorCount} cores");
                ours = RrdbBenchmark.Run(1, n, c => Console.Error.WriteLine($"running {c} ...")).ToList();
            }
            Dictionary<string, double>? torch = null;
            string? unavailable = "skipped (--no-pytorch)";
            if (!parse.GetValue(noPytorch))
            {
                Console.Error.WriteLine("running the PyTorch reference ...");
                torch = PyTorchReference.Run(parse.GetValue(threads), 1, n, out unavailable);
            }
            Print(ours, torch, unavailable);
            if (parse.GetValue(json) is string path) AtomicFile.WriteAllText(path, Json(ours, torch, engine));
            return 0;
        });
        return command;
    }

    private static void Print(List<RrdbBenchmark.Case> cases, Dictionary<string, double>? torch, string? unavailable)
    {
        Console.WriteLine($"{"case",-12} {"seconds",9} {"GFLOP/s",9} {"PyTorch s",10} {"speedup",8}");
        foreach (var c in cases)
        {
            string reference = torch != null && torch.TryGetValue(c.Name, out double t)
                ? $"{t,10:F4} {t / c.Seconds,7:F2}x" : $"{"-",10} {"-",8}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Name,-12} {c.Seconds,9:F4} {c.GflopPerSecond,9:F1} {reference}"));
        }
        if (torch == null) Console.WriteLine($"PyTorch reference: {unavailable}");
        Console.WriteLine("GFLOP/s counts 2 x the multiply-accumulates of direct convolution, also where Winograd kernels do fewer.");
    }

    private static string Json(List<RrdbBenchmark.Case> cases, Dictionary<string, double>? torch, string engine)
    {
        var list = new JsonArray();
        foreach (var c in cases)
        {
            var o = new JsonObject { ["name"] = c.Name, ["seconds"] = c.Seconds, ["gflop_per_s"] = c.GflopPerSecond };
            if (torch != null && torch.TryGetValue(c.Name, out double t))
            {
                o["pytorch_seconds"] = t;
                o["speedup"] = t / c.Seconds;
            }
            list.Add(o);
        }
        var root = new JsonObject
        {
            ["engine"] = engine,
            ["cores"] = Environment.ProcessorCount,
            ["cases"] = list,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
