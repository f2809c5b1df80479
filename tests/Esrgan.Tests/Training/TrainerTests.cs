using Esrgan.Formats;
using Esrgan.Formats.Safetensors;
using Esrgan.Training;
using Esrgan.Training.Checkpoints;
using Esrgan.Training.Logging;
using Xunit;

namespace Esrgan.Tests.Training;

public class TrainerTests
{
    private static ExperimentFolder Folder(TrainingSandbox box) => new(box.Experiments, "tiny");

    private static StateDict Weights(TrainingSandbox box, string file) => SafetensorsReader.Read(Path.Combine(Folder(box).Models, file));

    [Fact]
    public void InterruptedAndResumedRunEqualsUninterruptedBitForBit()
    {
        using var straight = new TrainingSandbox();
        new Trainer(straight.Load(straight.OptionsText())).Run(false, CancellationToken.None);

        using var broken = new TrainingSandbox();
        var options = broken.Load(broken.OptionsText(checkpointFreq: 100));
        using var cancel = new CancellationTokenSource();
        var first = new Trainer(options);
        first.IterationFinished += i => { if (i == 2) cancel.Cancel(); };
        Assert.Throws<TrainingInterruptedException>(() => first.Run(false, cancel.Token));
        Assert.Equal(3, Folder(broken).StatesNewestFirst().Single().Iteration);
        new Trainer(options).Run(true, CancellationToken.None);

        foreach (var file in new[] { "net_g_latest.safetensors", "net_g_ema_latest.safetensors" })
        {
            var a = Weights(straight, file);
            var b = Weights(broken, file);
            Assert.Equal(a.Keys, b.Keys);
            foreach (var key in a.Keys) Assert.True(a[key].Data.AsSpan().SequenceEqual(b[key].Data), $"{file} {key} differs");
        }
        var log = File.ReadAllLines(Folder(broken).Log);
        Assert.Equal(File.ReadAllLines(Folder(straight).Log).Length, log.Length);
        Assert.Equal(log.Length, log.Distinct().Count());
    }

    [Fact]
    public void RunWritesModelsStatesLogAndCurves()
    {
        using var box = new TrainingSandbox();
        new Trainer(box.Load(box.OptionsText())).Run(false, CancellationToken.None);
        var folder = Folder(box);
        foreach (var name in new[] { "net_g_3", "net_g_6", "net_g_ema_6", "net_g_latest", "net_g_best" })
            Assert.Equal("RRDBNet", ModelFile.Load(folder.ModelPath(name.Contains("ema") ? "net_g_ema" : "net_g", name.Split('_')[^1])).Spec.Type);
        Assert.Equal([6L, 3L], folder.StatesNewestFirst().Select(s => s.Iteration));
        var lines = File.ReadAllLines(folder.Log);
        Assert.Contains(lines, l => l.Contains("\"kind\":\"train\"", StringComparison.Ordinal) && l.Contains("\"l_pix\"", StringComparison.Ordinal) && l.Contains("\"lr_g\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"kind\":\"val\"", StringComparison.Ordinal) && l.Contains("\"psnr\"", StringComparison.Ordinal));
        Assert.True(new FileInfo(folder.Curves).Length > 1000);
        Assert.Empty(Directory.GetFiles(folder.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void StartingAgainWithoutResumeIsRefused()
    {
        using var box = new TrainingSandbox();
        var options = box.Load(box.OptionsText(totalIter: 3));
        new Trainer(options).Run(false, CancellationToken.None);
        var e = Assert.Throws<ExperimentExistsException>(() => new Trainer(options).Run(false, CancellationToken.None));
        Assert.Equal(Folder(box).Root, e.Folder);
    }

    [Fact]
    public void ResumeSkipsATruncatedNewestState()
    {
        using var box = new TrainingSandbox();
        var options = box.Load(box.OptionsText());
        new Trainer(options).Run(false, CancellationToken.None);
        var newest = Folder(box).StatePath(6);
        var bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes[..(bytes.Length / 2)]);
        var notices = new List<string>();
        var trainer = new Trainer(options);
        trainer.Notice += notices.Add;
        trainer.Run(true, CancellationToken.None);
        Assert.Contains(notices, n => n.StartsWith($"warning: skipping unreadable state {newest}", StringComparison.Ordinal));
        Assert.Contains(notices, n => n.StartsWith($"resuming from {Folder(box).StatePath(3)} (iteration 3)", StringComparison.Ordinal));
        Assert.Equal(6, TrainingState.ReadInfo(newest).Iteration);
    }

    [Fact]
    public void NonFiniteLossStopsWithoutTouchingCheckpoints()
    {
        using var box = new TrainingSandbox();
        var options = box.Load(box.OptionsText(totalIter: 3));
        new Trainer(options).Run(false, CancellationToken.None);
        var latest = Weights(box, "net_g_latest.safetensors");
        var poisoned = new StateDict();
        foreach (var (key, t) in latest) poisoned.Add(key, key == "conv_last.bias" ? new(t.Shape, [float.NaN, 0, 0]) : t);
        string bad = Path.Combine(box.Root, "nan.safetensors");
        ModelFile.SaveSafetensors(bad, poisoned, ModelFile.Load(Path.Combine(Folder(box).Models, "net_g_latest.safetensors")).Spec);
        var diverging = box.Load(box.OptionsText(totalIter: 3), $"path.pretrain_network_g={bad}", "name=nan_run");
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(diverging).Run(false, CancellationToken.None));
        Assert.Contains("l_pix is NaN at iteration 1", e.Message);
        Assert.Empty(new ExperimentFolder(box.Experiments, "nan_run").StatesNewestFirst());
    }

    [Fact]
    public void LogReloadDropsEntriesAfterTheState()
    {
        using var box = new TrainingSandbox(trainImages: 0);
        string path = Path.Combine(box.Root, "log.jsonl");
        Directory.CreateDirectory(box.Root);
        var log = new TrainingLog(path);
        for (int i = 1; i <= 5; i++) log.Add(new LogEntry("train", i, new Dictionary<string, double> { ["l_pix"] = 1.0 / i }));
        log.Flush();
        var again = new TrainingLog(path);
        again.LoadExisting(3);
        Assert.Equal([1L, 2L, 3L], again.Entries.Select(e => e.Iteration));
        Assert.Equal(0.5, again.Entries[1].Values["l_pix"]);
    }

    [Fact]
    public void CurvesShowEveryLossTermAndThePsnrOnItsOwnAxis()
    {
        var entries = Enumerable.Range(1, 20).Select(i => new LogEntry("train", i * 10,
            new Dictionary<string, double> { ["l_pix"] = 1.0 / i, ["l_g_gan"] = 0.1 + 0.01 * i, ["lr_g"] = 1e-4 }))
            .Append(new LogEntry("val", 100, new Dictionary<string, double> { ["psnr"] = 25, ["best_psnr"] = 25 }))
            .Append(new LogEntry("val", 200, new Dictionary<string, double> { ["psnr"] = 26, ["best_psnr"] = 26 })).ToList();
        var data = CurvePlot.Data(entries);
        Assert.Equal(["l_pix", "l_g_gan"], data.Losses.Select(s => s.Name));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (i * 10.0, 1.0 / i)), data.Losses[0].Points);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (i * 10.0, 0.1 + 0.01 * i)), data.Losses[1].Points);
        Assert.Equal("psnr", Assert.Single(data.Psnr).Name);
        Assert.Equal([(100.0, 25.0), (200.0, 26.0)], data.Psnr[0].Points);

        using var plot = CurvePlot.Draw(data);
        var lines = plot.GetPlottables<ScottPlot.Plottables.Scatter>().ToList();
        Assert.Equal(["l_pix", "l_g_gan", "val psnr"], lines.Select(l => l.LegendText));
        var pix = lines[0].Data.GetScatterPoints();
        Assert.Equal(data.Losses[0].Points.Select(p => Math.Log10(p.Value)), pix.Select(c => c.Y));
        Assert.Same(plot.Axes.Right, lines[2].Axes.YAxis);
        Assert.Same(plot.Axes.Left, lines[0].Axes.YAxis);
        Assert.Equal("iteration", plot.Axes.Bottom.Label.Text);
        Assert.Equal("loss (log scale)", plot.Axes.Left.Label.Text);
        Assert.Equal("validation PSNR (dB)", plot.Axes.Right.Label.Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2000)]
    public void CurvesKeepOpenAxesFromOnePointToAHundredThousandIterations(int points)
    {
        var entries = Enumerable.Range(1, points).Select(i => new LogEntry("train", i * 50L,
            new Dictionary<string, double> { ["l_pix"] = 0.1 / Math.Sqrt(i) })).ToList();
        using var plot = CurvePlot.Draw(CurvePlot.Data(entries));
        var x = plot.Axes.Bottom.Range;
        var y = plot.Axes.Left.Range;
        Assert.True(x.Span > 0 && y.Span > 0, $"x {x.Min}..{x.Max}, y {y.Min}..{y.Max}");
        Assert.True(x.Min <= 50 && x.Max >= points * 50L, $"x {x.Min}..{x.Max}");
        var line = Assert.Single(plot.GetPlottables<ScottPlot.Plottables.Scatter>());
        Assert.Equal(points == 1 ? 8 : 0, line.MarkerSize);
    }
}
