using System.Diagnostics;
using System.Globalization;
using Esrgan.Imaging;

namespace Esrgan.Fuzz;

/// <summary>
/// Deterministic mutation fuzzing of every file loader: case N of a format is always the same bytes for the same
/// seed, so a finding is reproduced with --format F --seed S --first N --cases 1. A case fails when the loader throws
/// anything but the format's error type, runs out of memory, takes longer than the timeout, or the process's
/// resident memory passes the cap. Findings are written to --failures with their exception.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var options = Options.Parse(args);
        // Small limits, so the limits' own accounting keeps every case far below the memory cap.
        LoadLimits.Current = new LoadLimits { MaxImagePixels = 1 << 24, MaxTensorElements = 1 << 24, MaxCheckpointElements = 1 << 24, MaxZipEntryBytes = 1 << 26 };
        string work = Directory.CreateTempSubdirectory("esrgan-fuzz-").FullName;
        try
        {
            var seedFiles = Directory.GetFiles(options.Seeds).Order(StringComparer.Ordinal).ToList();
            seedFiles.Add(WebpSeed(work));
            Console.WriteLine("| format | seeds | cases | refused | loaded | findings | slowest case ms | peak RSS MB | seconds |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            int findings = 0;
            foreach (var target in Target.All.Where(t => options.Formats.Count == 0 || options.Formats.Contains(t.Name)))
                findings += Run(target, seedFiles.Where(target.IsSeed).ToList(), options, Directory.CreateDirectory(Path.Combine(work, target.Name)).FullName);
            return findings == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int Run(Target target, List<string> seedFiles, Options options, string dir)
    {
        if (seedFiles.Count == 0) throw new InvalidOperationException($"no seeds for {target.Name} in {options.Seeds}");
        var seeds = seedFiles.Select(Target.ReadSeed).ToArray();
        int refused = 0, loaded = 0, findings = 0;
        double slowest = 0;
        long peak = 0;
        var clock = Stopwatch.StartNew();
        for (long n = options.First; n < options.First + options.Cases; n++)
        {
            var rng = new Random(unchecked((int)(options.Seed * 1_000_003L ^ Stable(target.Name) * 7919L ^ n * 2_654_435_761L)));
            byte[] seed = seeds[rng.Next(seeds.Length)];
            byte[] data = target.Mutate(seed, rng, seeds);
            var caseClock = Stopwatch.StartNew();
            Exception? error = null;
            var worker = new Thread(() =>
            {
                try { target.Run(dir, data, target.Name); }
                catch (Exception e) { error = e; }
            }, 16 << 20);
            worker.Start();
            if (!worker.Join(TimeSpan.FromSeconds(options.TimeoutSeconds)))
            {
                Report(target, n, data, options, $"hang: still running after {options.TimeoutSeconds} s");
                Console.Out.Flush();
                Environment.Exit(3);
            }
            slowest = Math.Max(slowest, caseClock.Elapsed.TotalMilliseconds);
            peak = Math.Max(peak, Environment.WorkingSet);
            string? problem = error switch
            {
                null => null,
                _ when IsOutOfMemory(error) => $"out of memory: {error.GetType().Name}: {error.Message}",
                _ when target.Expected(error) => null,
                _ => $"{error.GetType().FullName}: {error.Message}",
            };
            if (error == null) loaded++;
            else if (problem == null) refused++;
            if (problem == null && peak > options.CapBytes) problem = $"resident memory {peak >> 20} MB passed the {options.CapBytes >> 20} MB cap";
            if (problem != null)
            {
                findings++;
                Report(target, n, data, options, problem + Environment.NewLine + error?.StackTrace);
                if (peak > options.CapBytes) break;
            }
            if ((n & 255) == 0) GC.Collect();
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {target.Name} | {seeds.Length} | {options.Cases} | {refused} | {loaded} | {findings} | {slowest:F0} | {peak >> 20} | {clock.Elapsed.TotalSeconds:F1} |"));
        return findings;
    }

    private static int Stable(string s) => s.Aggregate(17, (h, c) => unchecked(h * 31 + c));

    private static bool IsOutOfMemory(Exception? e)
    {
        for (; e != null; e = e.InnerException)
            if (e is OutOfMemoryException or InsufficientMemoryException) return true;
        return false;
    }

    private static void Report(Target target, long n, byte[] data, Options options, string problem)
    {
        Directory.CreateDirectory(options.Failures);
        string file = Path.Combine(options.Failures, $"{target.Name}-seed{options.Seed}-case{n}.bin");
        File.WriteAllBytes(file, data);
        Console.Error.WriteLine($"finding: {target.Name} case {n} ({file}): {problem}");
    }

    /// <summary>A lossless and a lossy WebP written by our own encoder (libwebp), as there is no committed one.</summary>
    private static string WebpSeed(string work)
    {
        var pixels = new float[24 * 16 * 4];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (i * 37 % 256) / 255f;
        string file = Path.Combine(work, "seed.webp");
        ImageCodec.Write(file, new Image(24, 16, 4, 8, pixels), new ImageSaveOptions { Format = ImageFormat.Webp, WebpLossless = true });
        return file;
    }

    private sealed record Options(string Seeds, HashSet<string> Formats, long Cases, long First, int Seed, long CapBytes, int TimeoutSeconds, string Failures)
    {
        public static Options Parse(string[] args)
        {
            string Value(string name, string fallback)
            {
                int i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            }
            return new Options(
                Value("--seeds", "tests/Esrgan.Tests/Fixtures/Fuzz"),
                Value("--format", "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(),
                long.Parse(Value("--cases", "2000"), CultureInfo.InvariantCulture),
                long.Parse(Value("--first", "0"), CultureInfo.InvariantCulture),
                int.Parse(Value("--seed", "1"), CultureInfo.InvariantCulture),
                long.Parse(Value("--cap-mb", "1024"), CultureInfo.InvariantCulture) << 20,
                int.Parse(Value("--timeout-s", "10"), CultureInfo.InvariantCulture),
                Value("--failures", Path.Combine(Path.GetTempPath(), "esrgan-fuzz-findings")));
        }
    }
}
