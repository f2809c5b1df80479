using System.Text.Json;
using Esrgan.Tests.Training;
using Esrgan.Training;
using Esrgan.Training.Checkpoints;
using Xunit;

namespace Esrgan.Tests.Cli;

/// <summary>The training command keeps what a run was started with, resumes it honestly and says which weights it validated.</summary>
[Collection(CliCollection.Name)]
public sealed class TrainCommandTests : IDisposable
{
    private readonly TrainingSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private ExperimentFolder Folder(string name = "tiny") => new(_box.Experiments, name);

    [Fact]
    public void TheExperimentKeepsTheEffectiveOptionsAndTheCommandLine()
    {
        string file = _box.WriteOptions(_box.OptionsText(totalIter: 6));
        var r = CliSandbox.Run("train", file, "--set", "train.total_iter=2", "--set", "name=short run");
        Assert.Equal(0, r.Code);
        var folder = Folder("short run");
        string stored = File.ReadAllText(Path.Combine(folder.Root, "options.yml"));
        Assert.Contains("total_iter: 2", stored);
        Assert.Contains("name: short run", stored);
        Assert.Contains("--set train.total_iter=2 --set 'name=short run'", stored);
        string command = Assert.Single(File.ReadAllLines(Path.Combine(folder.Root, "commands.txt")));
        Assert.EndsWith($"esrgan train {file} --set train.total_iter=2 --set 'name=short run'", command);
    }

    [Fact]
    public void TheResumeHintKeepsTheOverrides()
    {
        var options = _box.Load(_box.OptionsText(totalIter: 6, checkpointFreq: 100), "train.total_iter=4", "name=hinted");
        using var cancel = new CancellationTokenSource();
        var trainer = new Trainer(options);
        trainer.IterationFinished += i => { if (i == 1) cancel.Cancel(); };
        var e = Assert.Throws<TrainingInterruptedException>(() => trainer.Run(false, cancel.Token));
        Assert.EndsWith($"Continue with: esrgan train {options.SourceFile} --set train.total_iter=4 --set name=hinted --resume", e.Message);
        // The printed command, run as printed, continues the same experiment to its 4 iterations.
        var r = CliSandbox.Run("train", options.SourceFile, "--set", "train.total_iter=4", "--set", "name=hinted", "--resume");
        Assert.Equal(0, r.Code);
        Assert.Equal(4, Folder("hinted").StatesNewestFirst().First().Iteration);
    }

    [Fact]
    public void ResumeWithoutAStateFailsClearly()
    {
        string file = _box.WriteOptions(_box.OptionsText(totalIter: 2));
        var r = CliSandbox.Run("train", file, "--resume");
        Assert.Equal(1, r.Code);
        Assert.Contains("no training state to resume from", r.Err);
        Assert.False(Folder().HasStates);
    }

    [Fact]
    public void ZeroFeaturesIsRefusedBeforeTheExperimentFolderExists()
    {
        string file = _box.WriteOptions(_box.OptionsText(totalIter: 2));
        var r = CliSandbox.Run("train", file, "--set", "network_g.num_feat=0");
        Assert.Equal(1, r.Code);
        Assert.Contains("option 'network_g.num_feat': 0 must be at least 1", r.Err);
        Assert.False(Directory.Exists(Folder().Root));
    }

    [Fact]
    public void ValidationNamesTheWeightsItMeasuredAndTheBestModelRecordsThem()
    {
        // ema_decay 0.9 over 6 iterations: the average still holds 0.9^3 = 73% of its initial weights at the first
        // validation, so both are measured; at 6, 53%.
        string file = _box.WriteOptions(_box.OptionsText(totalIter: 6));
        var r = CliSandbox.Run("train", file);
        Assert.Equal(0, r.Code);
        var folder = Folder();
        var val = File.ReadAllLines(folder.Log).Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("kind").GetString() == "val").ToList();
        Assert.Equal(2, val.Count);
        var values = val[0];
        Assert.Equal(Math.Pow(0.9, 3), values.GetProperty("ema_initial_share").GetDouble(), 12);
        double ema = values.GetProperty("psnr_ema").GetDouble(), raw = values.GetProperty("psnr_net_g").GetDouble();
        Assert.Equal(Math.Max(ema, raw), values.GetProperty("psnr").GetDouble());
        Assert.Equal(ema >= raw ? 1 : 0, values.GetProperty("weights_ema").GetDouble());
        Assert.Contains("validation at 3 of net_g", r.Err);

        using var best = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Models, "net_g_best.json")));
        string weights = best.RootElement.GetProperty("weights").GetString()!;
        long iteration = best.RootElement.GetProperty("iteration").GetInt64();
        var bestWeights = Esrgan.Formats.Safetensors.SafetensorsReader.Read(folder.ModelPath("net_g", "best"));
        var source = Esrgan.Formats.Safetensors.SafetensorsReader.Read(folder.ModelPath(weights, iteration.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var key in source.Keys) Assert.True(source[key].Data.AsSpan().SequenceEqual(bestWeights[key].Data), $"net_g_best is not {weights}_{iteration} at {key}");
    }
}
