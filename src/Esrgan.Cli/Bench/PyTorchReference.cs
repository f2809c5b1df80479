using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Esrgan.Cli.Bench;

/// <summary>
/// The same benchmark in PyTorch (channels_last fp32), in a system Python process kept open for the whole run, so
/// that its runs can alternate with ours and both sides see the same machine load.
/// </summary>
internal sealed class PyTorchReference : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly string _script;

    private PyTorchReference(Process process, string script)
    {
        _process = process;
        _script = script;
    }

    /// <summary>A started reference, or null (with the reason) when PyTorch is not available.</summary>
    public static PyTorchReference? TryStart(int threads, out string? unavailable)
    {
        unavailable = null;
        if (!File.Exists(Python))
        {
            unavailable = $"{Python} not found";
            return null;
        }
        string script = Path.Combine(Path.GetTempPath(), $"esrgan-bench-{Environment.ProcessId}.py");
        using (var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("Esrgan.Cli.Bench.rrdbnet_pytorch.py")
            ?? throw new InvalidOperationException("the PyTorch benchmark script is missing from the build"))
        using (var file = File.Create(script))
            resource.CopyTo(file);
        var start = new ProcessStartInfo(Python, [script, threads.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start)!;
        var reference = new PyTorchReference(process, script);
        string? ready = process.StandardOutput.ReadLine();
        if (ready == "ready") return reference;
        string error = process.StandardError.ReadToEnd().Trim();
        reference.Dispose();
        unavailable = error.Contains("No module named 'torch'") ? "python3 has no torch" : $"PyTorch run failed: {LastLine(error)}";
        return null;
    }

    /// <summary>Runs one case once in PyTorch and returns its seconds.</summary>
    public double Time(string caseName)
    {
        _process.StandardInput.WriteLine(caseName);
        _process.StandardInput.Flush();
        string? line = _process.StandardOutput.ReadLine();
        if (line != null && double.TryParse(line, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)) return seconds;
        throw new InvalidOperationException($"the PyTorch reference failed on {caseName}: {LastLine(_process.StandardError.ReadToEnd())}");
    }

    private static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "no output";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(10_000)) _process.Kill();
            }
        }
        finally
        {
            _process.Dispose();
            File.Delete(_script);
        }
    }
}
