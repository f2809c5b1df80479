using System.Diagnostics;

namespace Esrgan.Tests.Video;

/// <summary>Makes small clips with ffmpeg's test sources, and runs the esrgan CLI as a child process.</summary>
internal static class TestClips
{
    /// <summary>A test-pattern clip with a 440 Hz tone, <paramref name="seconds"/> long at 10 fps.</summary>
    public static string Make(string folder, string name, int width = 64, int height = 48, int seconds = 2)
    {
        string path = Path.Combine(folder, name);
        Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}:rate=10:duration={seconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}", "-c:v", "libx264", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest", path);
        return path;
    }

    public static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} failed: {stderr.Result}");
        return stdout;
    }

    /// <summary>Starts the esrgan CLI built beside the tests, in another process, its output captured.</summary>
    public static Process StartCli(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "esrgan-cli.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        return Process.Start(start)!;
    }

    /// <summary>Streams of a file as ffprobe counts them: (type, packets, width, height), and the container's duration.</summary>
    public static (List<(string Type, long Packets, int Width, int Height)> Streams, double Duration) Probe(string path)
    {
        string json = Run("ffprobe", "-v", "error", "-count_packets", "-print_format", "json",
            "-show_entries", "stream=codec_type,nb_read_packets,width,height:format=duration", path);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var streams = doc.RootElement.GetProperty("streams").EnumerateArray().Select(s => (
            s.GetProperty("codec_type").GetString()!,
            long.Parse(s.GetProperty("nb_read_packets").GetString()!),
            s.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
            s.TryGetProperty("height", out var h) ? h.GetInt32() : 0)).ToList();
        double duration = double.Parse(doc.RootElement.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        return (streams, duration);
    }
}
