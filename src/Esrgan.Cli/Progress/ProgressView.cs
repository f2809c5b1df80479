using System.Diagnostics;
using Spectre.Console;

namespace Esrgan.Cli.Progress;

/// <summary>
/// The one view of the CLI's stderr for upscaling and training: every progress report, warning and per-file error
/// goes through it. On a terminal a Spectre.Console bar with count, rate, remaining time and a status text, with
/// messages printed above it; when stderr is a pipe or file, a plain line every <see cref="PlainInterval"/> and at
/// the end, never a carriage return, and each message a whole line of its own.
/// </summary>
internal sealed class ProgressView
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);
    private readonly TextWriter _plain;
    private readonly IAnsiConsole? _terminal;
    private readonly Lock _gate = new();
    private Bar? _bar;

    /// <param name="plain">Where plain lines go when there is no terminal.</param>
    /// <param name="terminal">The terminal to draw the bar on, or null for plain lines.</param>
    internal ProgressView(TextWriter plain, IAnsiConsole? terminal)
    {
        _plain = plain;
        _terminal = terminal;
    }

    /// <summary>The view of this process's stderr: a bar where it is an interactive terminal, else plain lines.</summary>
    public static ProgressView StandardError() => Console.IsErrorRedirected
        ? new ProgressView(Console.Error, null)
        : new ProgressView(Console.Error, AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }));

    /// <summary>Runs <paramref name="work"/> with a display of <paramref name="total"/> units, <paramref name="start"/> of them already done.</summary>
    public void Run(string title, string unit, double start, double total, Action work)
    {
        if (_bar != null) throw new InvalidOperationException("a progress display is already running");
        try
        {
            if (_terminal == null)
            {
                _bar = new Bar(unit, start, total, null);
                work();
                lock (_gate) Line(_bar);
                return;
            }
            _terminal.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .Start(context =>
                {
                    var task = context.AddTask(Markup.Escape(title), maxValue: Math.Max(total, 1));
                    task.Value = start;
                    _bar = new Bar(unit, start, total, task);
                    context.Refresh(); // drawn at once, not at the first refresh tick, so messages always go above it
                    work();
                    task.Value = task.MaxValue;
                });
        }
        finally
        {
            _bar = null;
        }
    }

    /// <summary>Counts <paramref name="done"/> units as done before this run (a resumed one), so the rate and ETA leave them out.</summary>
    public void Resume(double done)
    {
        var bar = Live();
        bar.Start = bar.Done = done;
        if (bar.Task != null) bar.Task.Value = done;
    }

    /// <summary>
    /// Sets how many units are done and the status text shown after the count. In plain lines the status is written
    /// at most every <see cref="PlainInterval"/>, unless <paramref name="now"/> (a change worth a line of its own).
    /// </summary>
    public void Report(double done, string status, bool now = false)
    {
        var bar = Live();
        bar.Done = done;
        bar.Status = status;
        if (bar.Task != null)
        {
            bar.Task.Value = Math.Min(done, bar.Task.MaxValue);
            bar.Task.Description = Markup.Escape(bar.Summary());
            return;
        }
        lock (_gate)
            if (now || bar.LastLine is not { } last || bar.Clock.Elapsed - last >= PlainInterval) Line(bar);
    }

    /// <summary>A line of its own: above the bar on a terminal, a whole plain line otherwise. Safe from any thread.</summary>
    public void Message(string text)
    {
        lock (_gate)
        {
            if (_terminal != null) _terminal.MarkupLine(Markup.Escape(text));
            else _plain.WriteLine(text);
        }
    }

    public void Warn(string text) => Message($"warning: {text}");

    private Bar Live() => _bar ?? throw new InvalidOperationException("no progress display is running");

    private void Line(Bar bar)
    {
        bar.LastLine = bar.Clock.Elapsed;
        double rate = bar.Rate();
        string eta = rate > 0 && bar.Total > bar.Done ? TimeSpan.FromSeconds((bar.Total - bar.Done) / rate).ToString(@"hh\:mm\:ss") : "--:--:--";
        _plain.WriteLine($"{bar.Summary()} ETA {eta}");
    }

    /// <summary>The running display's counts; <see cref="Task"/> is the terminal's bar (null for plain lines).</summary>
    private sealed class Bar(string unit, double start, double total, ProgressTask? task)
    {
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public double Start { get; set; } = start;
        public double Done { get; set; } = start;
        public double Total => total;
        public ProgressTask? Task => task;
        public string Status { get; set; } = "";
        public TimeSpan? LastLine { get; set; }

        public double Rate() => (Done - Start) / Math.Max(1e-9, Clock.Elapsed.TotalSeconds);

        public string Summary() => $"{Done:0}/{total:0} {unit}, {Rate():0.00} {unit}/s {Status}".TrimEnd();
    }
}
