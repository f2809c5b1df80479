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
/// esrgan bench [--json FILE] [--no-pytorch] [--convolution auto|direct] [--precision auto|fp32|bf16] [--case NAME]: engine
/// speed in GFLOP/s, as a share of this machine's measured peak, and against PyTorch in the same run.
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
            Description = "Convolution algorithm: auto (Winograd kernels where oneDNN has them) or direct (as PyTorch); "
                + $"default from {ConvolutionAlgorithms.EnvironmentVariable}, else auto",
        };
        var precision = new Option<string>("--precision")
        {
            Description = "Cases to run: fp32, bf16, or auto (fp32, plus bf16 where the CPU has AVX512_BF16)",
            DefaultValueFactory = _ => "auto",
        };
        var only = new Option<string[]>("--case")
        {
            Description = "Run only this case (repeatable; default all)",
        };
        only.AcceptOnlyFromAmong(RrdbBenchmark.CaseNames);
        var command = new Command("bench", "Benchmark RRDBNet x4 inference and a training step, with PyTorch as the reference");
        command.Options.Add(json);
        command.Options.Add(noPytorch);
        command.Options.Add(repeats);
        command.Options.Add(threads);
        command.Options.Add(convolution);
        command.Options.Add(precision);
        command.Options.Add(only);
        command.SetAction(parse =>
        {
            var precisions = ComputePrecision.Parse(parse.GetValue(precision), "--precision") switch
            {
                Precision.Float32 => [Precision.Float32],
                Precision.BFloat16 => [Precision.BFloat16],
                _ => Backend.Current.NativeBFloat16 ? new[] { Precision.Float32, Precision.BFloat16 } : [Precision.Float32],
            };
            int n = Math.Max(1, parse.GetValue(repeats));
            string[] cases = parse.GetValue(only) ?? [];
            var algorithm = parse.GetValue(convolution) is string name
                ? ConvolutionAlgorithms.Parse(name, "--convolution") : ConvolutionAlgorithms.FromEnvironment();
            using var scope = Backend.Scoped(new CpuKernels(algorithm));
            string engine = Backend.Current.Description;
            Console.WriteLine($"engine: {engine}, {Environment.ProcessorCount} cores");
            var peaks = MachinePeak.Measure(TimeSpan.FromSeconds(1));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"peak: {peaks.Float32GflopPerSecond:F0} GFLOP/s fp32, {peaks.BFloat16GflopPerSecond:F0} GFLOP/s bf16 ({peaks.Method})"));
            string? unavailable = "skipped (--no-pytorch)";
            using var torch = parse.GetValue(noPytorch) ? null : PyTorchReference.TryStart(parse.GetValue(threads), out unavailable);
            var results = Measure(n, torch, precisions, peaks, cases);
            Print(results, unavailable);
            if (parse.GetValue(json) is string path) AtomicFile.WriteAllText(path, Json(results, engine, peaks));
            return 0;
        });
        return command;
    }

    /// <param name="GcPauseMs">The garbage collector's pauses per timed run, averaged over the timed runs.</param>
    private sealed record Result(string Name, Precision Precision, double Seconds, double GflopPerSecond, double PeakGflopPerSecond,
        double? PyTorchSeconds, Allocations Allocations, double GcPauseMs)
    {
        public double PercentOfPeak => 100 * GflopPerSecond / PeakGflopPerSecond;
    }

    /// <summary>What one steady-state run allocated: managed bytes (all threads), native buffers and weight conversions.</summary>
    private sealed record Allocations(long ManagedBytes, long NativeBuffers, long WeightConversions)
    {
        public static Allocations Now() => new(GC.GetTotalAllocatedBytes(precise: true), NativeBuffer.CreatedOnThread, CpuKernels.WeightConversionsOnThread);

        public Allocations Since(Allocations start) =>
            new(ManagedBytes - start.ManagedBytes, NativeBuffers - start.NativeBuffers, WeightConversions - start.WeightConversions);
    }

    /// <summary>
    /// One untimed run per side, then timed runs that alternate between this engine and PyTorch, so that both see
    /// the same machine load; the medians are reported.
    /// </summary>
    private static List<Result> Measure(int repeats, PyTorchReference? torch, IReadOnlyCollection<Precision> precisions, MachinePeak.Peaks peaks,
        string[] only)
    {
        using var bench = new RrdbBenchmark(precisions);
        var results = new List<Result>();
        foreach (var c in bench.Cases.Where(c => only.Length == 0 || only.Contains(c.Name)))
        {
            Console.Error.WriteLine(torch != null ? $"running {c.Name} (alternating with PyTorch) ..." : $"running {c.Name} ...");
            using var scope = ComputePrecision.Use(c.Precision);
            c.RunOnce();
            torch?.Time(c.Name);
            var ours = new List<double>();
            var theirs = new List<double>();
            Allocations? allocations = null;
            var pausedBefore = GC.GetTotalPauseDuration();
            for (int i = 0; i < repeats; i++)
            {
                var start = Allocations.Now();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                c.RunOnce();
                ours.Add(watch.Elapsed.TotalSeconds);
                allocations = Allocations.Now().Since(start);
                if (torch != null) theirs.Add(torch.Time(c.Name));
            }
            double gcPauseMs = (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds / repeats;
            double seconds = Median(ours);
            double peak = c.Precision == Precision.BFloat16 ? peaks.BFloat16GflopPerSecond : peaks.Float32GflopPerSecond;
            results.Add(new Result(c.Name, c.Precision, seconds, c.Flops / seconds / 1e9, peak, torch != null ? Median(theirs) : null, allocations!, gcPauseMs));
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
        Console.WriteLine($"{"case",-17} {"seconds",9} {"GFLOP/s",9} {"% peak",7} {"PyTorch s",10} {"speedup",8}");
        foreach (var r in results)
        {
            string reference = r.PyTorchSeconds is double t ? $"{t,10:F4} {t / r.Seconds,7:F2}x" : $"{"-",10} {"-",8}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-17} {r.Seconds,9:F4} {r.GflopPerSecond,9:F1} {r.PercentOfPeak,6:F0}% {reference}"));
        }
        if (results.All(r => r.PyTorchSeconds == null)) Console.WriteLine($"PyTorch reference: {unavailable}");
        Console.WriteLine("GFLOP/s counts 2 x the multiply-accumulates of direct convolution, also where Winograd kernels do fewer;");
        Console.WriteLine("% peak is of the matching (fp32 or bf16) peak. PyTorch bf16 cases run under autocast (bfloat16).");
        Console.WriteLine();
        Console.WriteLine($"{"steady-state run",-17} {"managed MB",11} {"native buffers",15} {"weight conversions",19} {"GC pause ms",12}");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-17} {r.Allocations.ManagedBytes / 1e6,11:F2} {r.Allocations.NativeBuffers,15} {r.Allocations.WeightConversions,19} {r.GcPauseMs,12:F2}"));
    }

    private static string Json(List<Result> results, string engine, MachinePeak.Peaks peaks)
    {
        var list = new JsonArray();
        foreach (var r in results)
        {
            var o = new JsonObject
            {
                ["name"] = r.Name,
                ["seconds"] = r.Seconds,
                ["gflop_per_s"] = r.GflopPerSecond,
                ["precision"] = r.Precision == Precision.BFloat16 ? "bf16" : "fp32",
                ["peak_gflop_per_s"] = r.PeakGflopPerSecond,
                ["percent_of_peak"] = r.PercentOfPeak,
                ["managed_bytes_per_run"] = r.Allocations.ManagedBytes,
                ["native_buffers_per_run"] = r.Allocations.NativeBuffers,
                ["weight_conversions_per_run"] = r.Allocations.WeightConversions,
                ["gc_pause_ms_per_run"] = r.GcPauseMs,
            };
            if (r.PyTorchSeconds is double t)
            {
                o["pytorch_seconds"] = t;
                o["speedup"] = t / r.Seconds;
            }
            list.Add(o);
        }
        var root = new JsonObject
        {
            ["engine"] = engine,
            ["cores"] = Environment.ProcessorCount,
            ["peak_gflop_per_s"] = new JsonObject { ["fp32"] = peaks.Float32GflopPerSecond, ["bf16"] = peaks.BFloat16GflopPerSecond },
            ["peak_method"] = peaks.Method,
            ["cases"] = list,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
