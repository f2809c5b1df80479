using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Esrgan.Cli.Bench;

/// <summary>Runs the same benchmark in PyTorch (channels_last fp32) through the system Python, when it has torch.</summary>
internal static class PyTorchReference
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Median seconds per case name, or null (with the reason) when PyTorch is not available.</summary>
    public static Dictionary<string, double>? Run(int threads, int warmup, int repeats, out string? unavailable)
    {
        unavailable = null;
        if (!File.Exists(Python))
        {
            unavailable = $"{Python} not found";
            return null;
        }
        string script = Path.Combine(Path.GetTempPath(), $"esrgan-bench-{Environment.ProcessId}.py");
        try
        {
            using (var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("Esrgan.Cli.Bench.rrdbnet_pytorch.py")
                ?? throw new InvalidOperationException("the PyTorch benchmark script is missing from the build"))
            using (var file = File.Create(script))
                resource.CopyTo(file);
            var start = new ProcessStartInfo(Python, [script, threads.ToString(), warmup.ToString(), repeats.ToString()])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["OMP_NUM_THREADS"] = threads.ToString();
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string error = stderr.Result.Trim();
                unavailable = error.Contains("No module named 'torch'") ? "python3 has no torch" : $"PyTorch run failed: {LastLine(error)}";
                return null;
            }
            return JsonSerializer.Deserialize<Dictionary<string, double>>(stdout.Trim().Split('\n')[^1]);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "no output";
}
