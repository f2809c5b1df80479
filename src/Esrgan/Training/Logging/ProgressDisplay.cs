using System.Diagnostics;

namespace Esrgan.Training.Logging;

/// <summary>
/// Iteration progress on stderr: on a terminal one line redrawn in place (bar, count, it/s, ETA, a status text);
/// when stderr is redirected, a plain line every <see cref="RedirectedInterval"/>.
/// </summary>
internal sealed class ProgressDisplay(long first, long total, TextWriter output, bool interactive)
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RedirectedInterval = TimeSpan.FromSeconds(30);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastDraw;
    private bool _lineOpen;

    public double IterationsPerSecond(long iteration) =>
        iteration >= first && _clock.Elapsed.TotalSeconds > 0 ? (iteration - first + 1) / _clock.Elapsed.TotalSeconds : 0;

    public void Update(long iteration, string status, bool force = false)
    {
        var now = _clock.Elapsed;
        if (!force && _lastDraw is { } last && now - last < (interactive ? RedrawInterval : RedirectedInterval) && iteration != total) return;
        _lastDraw = now;
        double rate = IterationsPerSecond(iteration);
        string eta = rate > 0 ? Format(TimeSpan.FromSeconds((total - iteration) / rate)) : "--:--:--";
        string text = $"{Bar(iteration)} {iteration}/{total} {rate:0.00} it/s ETA {eta} {status}";
        if (interactive)
        {
            output.Write("\r" + text.PadRight(Math.Max(text.Length, 100)));
            _lineOpen = true;
        }
        else output.WriteLine(text);
        output.Flush();
    }

    /// <summary>Prints a message on its own line (ending the progress line first).</summary>
    public void Message(string message)
    {
        if (_lineOpen) output.WriteLine();
        _lineOpen = false;
        output.WriteLine(message);
        output.Flush();
    }

    public void Finish()
    {
        if (_lineOpen) output.WriteLine();
        _lineOpen = false;
    }

    private string Bar(long iteration)
    {
        const int width = 20;
        int filled = total > 0 ? (int)(width * iteration / total) : width;
        return "[" + new string('#', filled) + new string('-', width - filled) + "]";
    }

    private static string Format(TimeSpan t) => $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}";
}
