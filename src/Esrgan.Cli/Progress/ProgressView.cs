using System.Diagnostics;
using Spectre.Console;

namespace Esrgan.Cli.Progress;

/// <summary>
/// The one progress display of the CLI (upscaling and training), on stderr: on a terminal a Spectre.Console bar with
/// count, rate, remaining time and a status text, with messages printed above it; when stderr is a pipe or file, a
/// plain line every <see cref="PlainInterval"/> and at the end, never a carriage return.
/// </summary>
internal sealed class ProgressView
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);
    private readonly string _unit;
    private readonly double _total;
    private double _start;
    private readonly IAnsiConsole? _console;
    private readonly ProgressTask? _task;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastLine;
    private double _done;
    private string _status = "";

    private ProgressView(string unit, double start, double total, IAnsiConsole? console, ProgressTask? task)
    {
        _unit = unit;
        _start = _done = start;
        _total = total;
        _console = console;
        _task = task;
    }

    /// <summary>Whether stderr is an interactive terminal (else plain lines are written).</summary>
    public static bool Interactive => !Console.IsErrorRedirected;

    /// <summary>Runs <paramref name="work"/> with a display of <paramref name="total"/> units, <paramref name="start"/> of them already done.</summary>
    public static void Run(string title, string unit, double start, double total, Action<ProgressView> work)
    {
        if (!Interactive)
        {
            var plain = new ProgressView(unit, start, total, null, null);
            work(plain);
            plain.Line();
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: Math.Max(total, 1));
                task.Value = start;
                work(new ProgressView(unit, start, total, console, task));
                task.Value = task.MaxValue;
            });
    }

    /// <summary>Counts <paramref name="done"/> units as done before this run (a resumed one), so the rate and ETA leave them out.</summary>
    public void Resume(double done)
    {
        _start = _done = done;
        if (_task != null) _task.Value = done;
    }

    /// <summary>Sets how many units are done and the status text shown after the count.</summary>
    public void Report(double done, string status)
    {
        _done = done;
        _status = status;
        if (_task != null)
        {
            _task.Value = Math.Min(done, _task.MaxValue);
            _task.Description = Markup.Escape(Summary());
            return;
        }
        if (_lastLine is not { } last || _clock.Elapsed - last >= PlainInterval) Line();
    }

    /// <summary>A line of its own (above the bar on a terminal).</summary>
    public void Message(string text)
    {
        if (_console != null) _console.MarkupLine(Markup.Escape(text));
        else Console.Error.WriteLine(text);
    }

    private string Summary()
    {
        double rate = (_done - _start) / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        return $"{_done:0}/{_total:0} {_unit}, {rate:0.00} {_unit}/s {_status}".TrimEnd();
    }

    private void Line()
    {
        _lastLine = _clock.Elapsed;
        double rate = (_done - _start) / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
        string eta = rate > 0 && _total > _done ? TimeSpan.FromSeconds((_total - _done) / rate).ToString(@"hh\:mm\:ss") : "--:--:--";
        Console.Error.WriteLine($"{Summary()} ETA {eta}");
    }
}
