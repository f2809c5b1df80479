using Esrgan.Formats;
using Esrgan.Layers;
using Esrgan.Training.Checkpoints;
using Esrgan.Training.Optimizers;
using Esrgan.Training.Options;
using Esrgan.Training.Schedules;

namespace Esrgan.Training;

/// <summary>
/// The networks, optimisers and schedules of a run, built from its options: G initialised as ESRGAN does
/// (Kaiming normal x 0.1, seeded) or from path.pretrain_network_g, and its weight average starting as a copy.
/// </summary>
public sealed class TrainingSession : IDisposable
{
    public TrainingSession(TrainingOptions options)
    {
        Options = options;
        GeneratorSpec = Networks.GeneratorSpec(options.NetworkG);
        Generator = Networks.CreateGenerator(GeneratorSpec);
        Initialization.Apply(Generator, new Random(options.Seed));
        if (options.Paths.PretrainNetworkG is { } pretrained) LoadPretrained(Generator, pretrained, options.Paths.StrictLoadG, "path.pretrain_network_g");
        var train = options.Train;
        OptimizerG = CreateAdam(Generator, train.OptimG);
        ScheduleG = new LearningRateSchedule(train.OptimG.LearningRate, train.Scheduler, train.WarmupIter);
        if (train.EmaDecay > 0)
        {
            Average = new WeightAverage(Generator, Networks.CreateGenerator(GeneratorSpec), train.EmaDecay);
            Average.Reset();
        }
        Step = new PixelStep(Generator, OptimizerG, new GeneratorObjective(train.Pixel), Average);
    }

    public TrainingOptions Options { get; }
    public ModelSpec GeneratorSpec { get; }
    public Module Generator { get; }
    public WeightAverage? Average { get; }
    public Adam OptimizerG { get; }
    public LearningRateSchedule ScheduleG { get; }
    public ITrainingStep Step { get; }

    /// <summary>The network validation and the "best" model use: the weight average when there is one.</summary>
    public Module Evaluated => Average?.Network ?? Generator;

    public IReadOnlyDictionary<string, Module> StateNetworks
    {
        get
        {
            var d = new Dictionary<string, Module>(StringComparer.Ordinal) { ["net_g"] = Generator };
            if (Average != null) d["net_g_ema"] = Average.Network;
            return d;
        }
    }

    public IReadOnlyDictionary<string, Adam> StateOptimizers => new Dictionary<string, Adam>(StringComparer.Ordinal) { ["optim_g"] = OptimizerG };

    public Dictionary<string, double> SetLearningRates(long iteration)
    {
        OptimizerG.LearningRate = ScheduleG.At(iteration);
        return new Dictionary<string, double>(StringComparer.Ordinal) { ["lr_g"] = OptimizerG.LearningRate };
    }

    /// <summary>Writes models/net_g_TAG (and net_g_ema_TAG) for users of the trained weights.</summary>
    public void SaveModels(ExperimentFolder folder, string tag)
    {
        ExperimentFolder.SaveNetwork(folder.ModelPath("net_g", tag), Generator, GeneratorSpec);
        if (Average != null) ExperimentFolder.SaveNetwork(folder.ModelPath("net_g_ema", tag), Average.Network, GeneratorSpec);
    }

    private static Adam CreateAdam(Module network, OptimizerOptions o) =>
        new(network.Parameters(), o.LearningRate, o.Beta1, o.Beta2, weightDecay: o.WeightDecay);

    private static void LoadPretrained(Module network, string path, bool strict, string key)
    {
        var loaded = ModelFile.Load(path);
        try
        {
            network.LoadStateDict(loaded.Weights, strict);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{key} {path}: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        Generator.Dispose();
        Average?.Network.Dispose();
    }
}
