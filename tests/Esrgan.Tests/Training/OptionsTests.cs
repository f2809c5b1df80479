using Esrgan.Training;
using Esrgan.Training.Options;
using Xunit;

namespace Esrgan.Tests.Training;

public class OptionsTests
{
    [Fact]
    public void ReadsBasicSrNamesAndOverrides()
    {
        using var box = new TrainingSandbox(trainImages: 1);
        var o = box.Load(box.OptionsText(), "train.total_iter=2e3", "train.scheduler.milestones=[10, 20]", "network_g.num_block=2", "logger.print_freq=7");
        Assert.Equal("tiny", o.Name);
        Assert.Equal(TrainingMode.Sr, o.Mode);
        Assert.Equal(2000, o.Train.TotalIter);
        Assert.Equal([10.0, 20.0], o.Train.Scheduler.Milestones);
        Assert.Equal(2, o.NetworkG.Parameters["num_block"]);
        Assert.Equal(4, o.Scale);
        Assert.Equal(7, o.Logger.PrintFreq);
        Assert.Equal(0.99, o.Train.OptimG.Beta2);
        Assert.Equal(32, o.TrainData.GtSize);
        Assert.Equal(PixelCriterion.L1, o.Train.Pixel!.Criterion);
        Assert.True(o.Validation!.Metrics[0].TestYChannel);
    }

    [Fact]
    public void UnknownKeyIsNamedWithItsFile()
    {
        using var box = new TrainingSandbox(trainImages: 1);
        var e = Assert.Throws<OptionsException>(() => box.Load(box.OptionsText(), "train.optim_g.momentum=0.5"));
        Assert.Contains("options.yml", e.Message);
        Assert.Contains("'train.optim_g.momentum'", e.Message);
    }

    [Fact]
    public void WrongTypeIsNamed()
    {
        using var box = new TrainingSandbox(trainImages: 1);
        var e = Assert.Throws<OptionsException>(() => box.Load(box.OptionsText(), "train.total_iter=many"));
        Assert.Contains("'train.total_iter'", e.Message);
        Assert.Contains("whole number", e.Message);
    }

    [Fact]
    public void PrecisionIsFloat32UnlessBFloat16IsAsked()
    {
        using var box = new TrainingSandbox(trainImages: 1);
        Assert.Equal(Precision.Float32, box.Load(box.OptionsText()).Train.Precision);
        Assert.Equal(Precision.BFloat16, box.Load(box.OptionsText(), "train.precision=bf16").Train.Precision);
        var e = Assert.Throws<OptionsException>(() => box.Load(box.OptionsText(), "train.precision=fp16"));
        Assert.Contains("'train.precision'", e.Message);
        Assert.Contains("'fp16' is not fp32 or bf16", e.Message);
    }

    [Fact]
    public void MissingFolderIsNamed()
    {
        using var box = new TrainingSandbox(trainImages: 1);
        var e = Assert.Throws<OptionsException>(() => box.Load(box.OptionsText(), "datasets.train.dataroot_gt=no/such/folder"));
        Assert.Contains("'datasets.train.dataroot_gt'", e.Message);
        Assert.Contains("no/such/folder", e.Message);
    }

    [Fact]
    public void MalformedOverrideIsRefused()
    {
        using var box = new TrainingSandbox(trainImages: 1);
        Assert.Throws<OptionsException>(() => box.Load(box.OptionsText(), "train.total_iter"));
    }

    [Esrgan.Tests.Evaluation.SharedDataFact]
    public void CpuRecipeFindsItsData() =>
        OptionsReader.CheckPaths(OptionsReader.Read(OptionsDocument.Load(Path.Combine(TestPaths.RepoRoot, "options", "train_rrdb_psnr_cpu.yml"), [])),
            TestPaths.RepoRoot);

    [Fact]
    public void ShippedOptionFilesAreValid()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "options"), "*.yml");
        Assert.Equal(5, files.Length);
        foreach (var file in files)
        {
            var o = OptionsReader.Read(OptionsDocument.Load(file, []));
            Assert.False(string.IsNullOrEmpty(o.Name), file);
            Networks.GeneratorSpec(o.NetworkG, o.Scale);
            if (o.NetworkD != null) Networks.DiscriminatorSpec(o.NetworkD, o.TrainData.GtSize);
        }
    }
}
