using Esrgan.IO;
using ScottPlot;

namespace Esrgan.Training.Logging;

/// <summary>
/// curves.png: the loss terms over iterations on a logarithmic left axis and the validation PSNR on its own right
/// axis, with titled axes and a legend, drawn by ScottPlot from <see cref="CurveData"/>.
/// </summary>
internal static class CurvePlot
{
    public const int Width = 1200, Height = 600;

    /// <summary>A named line: (iteration, value) points in log order.</summary>
    public sealed record Series(string Name, IReadOnlyList<(double Iteration, double Value)> Points);

    /// <summary>What the plot shows: the loss terms (l_*) of the train entries and the PSNR metrics of the val entries.</summary>
    public sealed record CurveData(IReadOnlyList<Series> Losses, IReadOnlyList<Series> Psnr);

    public static CurveData Data(IReadOnlyList<LogEntry> entries) => new(
        Collect(entries, "train", k => k.StartsWith("l_", StringComparison.Ordinal)),
        Collect(entries, "val", k => k.Contains("psnr", StringComparison.Ordinal) && !k.StartsWith("best_", StringComparison.Ordinal)));

    public static void Write(string path, IReadOnlyList<LogEntry> entries)
    {
        using var plot = Draw(Data(entries));
        byte[] png = plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, png);
    }

    private static List<Series> Collect(IReadOnlyList<LogEntry> entries, string kind, Func<string, bool> pick)
    {
        var points = new Dictionary<string, List<(double, double)>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var e in entries.Where(e => e.Kind == kind))
            foreach (var (name, value) in e.Values.Where(kv => pick(kv.Key) && double.IsFinite(kv.Value)))
            {
                if (!points.TryGetValue(name, out var list))
                {
                    points[name] = list = [];
                    order.Add(name);
                }
                list.Add((e.Iteration, value));
            }
        return order.Select(n => new Series(n, points[n])).ToList();
    }

    public static Plot Draw(CurveData data)
    {
        var plot = new Plot();
        PlotFonts.Apply(plot);
        plot.Title("Training curves");
        plot.Axes.Bottom.Label.Text = "iteration";
        plot.Axes.Left.Label.Text = "loss (log scale)";
        // ScottPlot has no logarithmic axis: losses are plotted as log10 and the ticks are labelled with the values.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = false,
        };
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        foreach (var s in data.Losses.Where(s => s.Points.Any(p => p.Value > 0)))
        {
            var positive = s.Points.Where(p => p.Value > 0).ToArray();
            Line(plot, s.Name, positive.Select(p => p.Iteration).ToArray(), positive.Select(p => Math.Log10(p.Value)).ToArray(), palette.GetColor(colour++));
        }
        if (data.Psnr.Count > 0)
        {
            plot.Axes.Right.Label.Text = "validation PSNR (dB)";
            foreach (var s in data.Psnr)
            {
                var line = Line(plot, "val " + s.Name, s.Points.Select(p => p.Iteration).ToArray(), s.Points.Select(p => p.Value).ToArray(), palette.GetColor(colour++));
                line.Axes.YAxis = plot.Axes.Right;
                line.LinePattern = LinePattern.Dashed;
            }
        }
        if (colour == 0) plot.Add.Annotation("no data yet");
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.ShowLegend();
        plot.Axes.AutoScale();
        KeepRangesOpen(plot, data);
        return plot;
    }

    private static ScottPlot.Plottables.Scatter Line(Plot plot, string name, double[] xs, double[] ys, Color color)
    {
        var line = plot.Add.Scatter(xs, ys, color);
        line.LegendText = name;
        line.LineWidth = 2;
        // A single point has no line to draw; a marker keeps it visible (and is too small to clutter long runs).
        line.MarkerSize = xs.Length == 1 ? 8 : 0;
        return line;
    }

    /// <summary>A single iteration or a constant value would make an empty axis range; widen it around the value.</summary>
    private static void KeepRangesOpen(Plot plot, CurveData data)
    {
        var x = plot.Axes.Bottom.Range;
        if (x.Span <= 0) plot.Axes.SetLimitsX(x.Min - 1, x.Max + 1);
        foreach (var axis in new IAxis[] { plot.Axes.Left, plot.Axes.Right })
        {
            var r = axis.Range;
            if (r.Span <= 0 || !double.IsFinite(r.Span)) axis.Range.Set(r.Min - 0.5, r.Max + 0.5);
        }
    }
}
