using Esrgan.Formats;
using Esrgan.Formats.Safetensors;
using Esrgan.Training;
using Esrgan.Training.Checkpoints;
using Xunit;

namespace Esrgan.Tests.Training;

public class GanTrainingTests
{
    [Fact]
    public void GanRunLogsEveryTermAndResumesBitForBit()
    {
        using var straight = new TrainingSandbox();
        var text = straight.GanOptionsText();
        Assert.Contains("ESRGANModel", text);
        new Trainer(straight.Load(text)).Run(false, CancellationToken.None);

        using var broken = new TrainingSandbox();
        var options = broken.Load(broken.GanOptionsText(checkpointFreq: 100));
        using var cancel = new CancellationTokenSource();
        var first = new Trainer(options);
        first.IterationFinished += i => { if (i == 1) cancel.Cancel(); };
        Assert.Throws<TrainingInterruptedException>(() => first.Run(false, cancel.Token));
        new Trainer(options).Run(true, CancellationToken.None);

        foreach (var file in new[] { "net_g_latest", "net_g_ema_latest", "net_d_latest" })
        {
            var a = SafetensorsReader.Read(new ExperimentFolder(straight.Experiments, "tiny").ModelPath(file[..file.LastIndexOf('_')], "latest"));
            var b = SafetensorsReader.Read(new ExperimentFolder(broken.Experiments, "tiny").ModelPath(file[..file.LastIndexOf('_')], "latest"));
            foreach (var key in a.Keys) Assert.True(a[key].Data.AsSpan().SequenceEqual(b[key].Data), $"{file} {key} differs");
        }
        var log = File.ReadAllText(new ExperimentFolder(straight.Experiments, "tiny").Log);
        foreach (var term in new[] { "l_g_pix", "l_g_percep", "l_g_gan", "l_d_real", "l_d_fake", "out_d_real", "out_d_fake", "lr_d" })
            Assert.Contains($"\"{term}\"", log);
        Assert.Equal("SRGANDiscriminator", ModelFile.Load(new ExperimentFolder(straight.Experiments, "tiny").ModelPath("net_d", "latest")).Spec.Type);
    }

    [Fact]
    public void MissingVggWeightsNameTheFileAndWhereToGetIt()
    {
        using var box = new TrainingSandbox(trainImages: 1);
        var options = box.Load(box.GanOptionsText(vgg: "vgg_weights: ~"));
        var e = Assert.Throws<InvalidDataException>(() => new Trainer(options).Run(false, CancellationToken.None));
        Assert.Contains("vgg19-dcbbe544.pth", e.Message);
        Assert.Contains("https://download.pytorch.org/models/vgg19-dcbbe544.pth", e.Message);
        Assert.Contains("vgg_random_init", e.Message);
    }

    [Fact]
    public void ZeroPerceptualWeightNeedsNoVgg()
    {
        using var box = new TrainingSandbox(trainImages: 1);
        var options = box.Load(box.GanOptionsText(totalIter: 1, vgg: "vgg_weights: ~"), "train.perceptual_opt.perceptual_weight=0");
        new Trainer(options).Run(false, CancellationToken.None);
        Assert.DoesNotContain("l_g_percep", File.ReadAllText(new ExperimentFolder(box.Experiments, "tiny").Log));
    }

    [Fact]
    public void StandardGanIsTheSrganModel()
    {
        using var box = new TrainingSandbox(trainImages: 1);
        var options = box.Load(box.GanOptionsText(totalIter: 1), "model_type=SRGANModel");
        new Trainer(options).Run(false, CancellationToken.None);
        Assert.Contains("\"l_g_gan\"", File.ReadAllText(new ExperimentFolder(box.Experiments, "tiny").Log));
    }
}
