using System.Globalization;
using Esrgan.Imaging;

namespace Esrgan.Training.Logging;

/// <summary>curves.png: the loss terms over iterations (log scale) above the validation PSNR, drawn from the log entries.</summary>
internal static class CurvePlot
{
    private const int Width = 960, PanelHeight = 330, Left = 90, Right = 200, Top = 30, Bottom = 40;
    private static readonly (float, float, float) Black = (0, 0, 0), Grey = (0.85f, 0.85f, 0.85f);

    private static readonly (float, float, float)[] Colors =
    [
        (0.12f, 0.47f, 0.71f), (1f, 0.5f, 0.05f), (0.17f, 0.63f, 0.17f), (0.84f, 0.15f, 0.16f),
        (0.58f, 0.4f, 0.74f), (0.55f, 0.34f, 0.29f), (0.89f, 0.47f, 0.76f), (0.5f, 0.5f, 0.5f),
    ];

    public static void Write(string path, IReadOnlyList<LogEntry> entries) => ImageCodec.Write(path, Draw(entries));

    public static Image Draw(IReadOnlyList<LogEntry> entries)
    {
        var canvas = new Canvas(Width, 2 * PanelHeight);
        Panel(canvas, 0, "loss (log scale)", Series(entries, "train", k => k.StartsWith("l_", StringComparison.Ordinal)), logarithmic: true);
        Panel(canvas, PanelHeight, "validation psnr (db)", Series(entries, "val", k => k.Contains("psnr", StringComparison.Ordinal) && !k.StartsWith("best_", StringComparison.Ordinal)), logarithmic: false);
        return canvas.ToImage();
    }

    private static List<(string Name, List<(double X, double Y)> Points)> Series(IReadOnlyList<LogEntry> entries, string kind, Func<string, bool> pick)
    {
        var series = new List<(string, List<(double, double)>)>();
        foreach (var e in entries.Where(e => e.Kind == kind))
            foreach (var (name, value) in e.Values.Where(kv => pick(kv.Key) && double.IsFinite(kv.Value)))
            {
                var s = series.FirstOrDefault(s => s.Item1 == name);
                if (s.Item2 == null) series.Add(s = (name, []));
                s.Item2.Add((e.Iteration, value));
            }
        return series;
    }

    private static void Panel(Canvas canvas, int top, string title, List<(string Name, List<(double X, double Y)> Points)> series, bool logarithmic)
    {
        int x0 = Left, x1 = Width - Right, y0 = top + Top, y1 = top + PanelHeight - Bottom;
        canvas.Text(x0, top + 8, title, Black);
        double Transform(double v) => logarithmic ? Math.Log10(Math.Max(v, 1e-12)) : v;
        var all = series.SelectMany(s => s.Points).ToList();
        if (all.Count == 0)
        {
            canvas.Text(x0 + 20, (y0 + y1) / 2, "no data yet", Black);
            Frame(canvas, x0, y0, x1, y1);
            return;
        }
        double minX = all.Min(p => p.X), maxX = Math.Max(all.Max(p => p.X), minX + 1);
        double minY = all.Min(p => Transform(p.Y)), maxY = all.Max(p => Transform(p.Y));
        double pad = Math.Max((maxY - minY) * 0.05, 1e-3);
        minY -= pad;
        maxY += pad;
        int Px(double x) => x0 + (int)Math.Round((x - minX) / (maxX - minX) * (x1 - x0));
        int Py(double y) => y1 - (int)Math.Round((y - minY) / (maxY - minY) * (y1 - y0));
        for (int t = 0; t <= 4; t++)
        {
            double ty = minY + (maxY - minY) * t / 4, tx = minX + (maxX - minX) * t / 4;
            int py = Py(ty), px = Px(tx);
            canvas.Line(x0, py, x1, py, Grey);
            string label = (logarithmic ? Math.Pow(10, ty) : ty).ToString("G3", CultureInfo.InvariantCulture);
            canvas.Text(x0 - 6 - Canvas.TextWidth(label), py - 5, label, Black);
            string xl = Math.Round(tx).ToString(CultureInfo.InvariantCulture);
            canvas.Line(px, y1, px, y1 + 4, Black);
            canvas.Text(px - Canvas.TextWidth(xl) / 2, y1 + 8, xl, Black);
        }
        canvas.Text(x1 - Canvas.TextWidth("iteration"), y1 + 24, "iteration", Black);
        for (int i = 0; i < series.Count; i++)
        {
            var color = Colors[i % Colors.Length];
            var points = series[i].Points;
            for (int k = 1; k < points.Count; k++)
                canvas.Line(Px(points[k - 1].X), Py(Transform(points[k - 1].Y)), Px(points[k].X), Py(Transform(points[k].Y)), color, 2);
            if (points.Count == 1) canvas.Line(Px(points[0].X) - 2, Py(Transform(points[0].Y)), Px(points[0].X) + 2, Py(Transform(points[0].Y)), color, 3);
            int ly = y0 + 6 + i * 18;
            canvas.Line(x1 + 12, ly + 5, x1 + 32, ly + 5, color, 3);
            canvas.Text(x1 + 38, ly, series[i].Name, Black);
        }
        Frame(canvas, x0, y0, x1, y1);
    }

    private static void Frame(Canvas canvas, int x0, int y0, int x1, int y1)
    {
        canvas.Line(x0, y0, x1, y0, Black);
        canvas.Line(x0, y1, x1, y1, Black);
        canvas.Line(x0, y0, x0, y1, Black);
        canvas.Line(x1, y0, x1, y1, Black);
    }
}
