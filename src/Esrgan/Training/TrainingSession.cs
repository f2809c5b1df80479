using Esrgan.Models.Architectures;
using Esrgan.Engine;
using Esrgan.Formats;
using Esrgan.Layers;
using Esrgan.Training.Checkpoints;
using Esrgan.Training.Distributed;
using Esrgan.Training.Losses;
using Esrgan.Training.Optimizers;
using Esrgan.Training.Options;
using Esrgan.Training.Schedules;

namespace Esrgan.Training;

/// <summary>
/// The networks, optimisers and schedules of a run, built from its options: G initialised as BasicSR does (seeded)
/// or from path.pretrain_network_g, its weight average starting as a copy, and for GAN training the discriminator
/// (path.pretrain_network_d or fresh), its Adam and schedule, the frozen VGG19 and the adversarial loss. The steps
/// hand their gradients to the given synchroniser before each optimiser step (local gradients by default).
/// </summary>
internal sealed class TrainingSession : IDisposable
{
    private readonly GeneratorObjective _objective;

    public TrainingSession(TrainingOptions options, IGradientSynchronizer? gradients = null)
    {
        gradients ??= LocalGradients.Instance;
        var train = options.Train;
        var random = new Random(options.Seed);
        GeneratorSpec = Networks.GeneratorSpec(options.NetworkG, options.Scale);
        Generator = ArchitectureRegistry.Create(GeneratorSpec);
        ArchitectureRegistry.Get(GeneratorSpec.Type).Initialize(Generator, random);
        if (options.Paths.PretrainNetworkG is { } g) LoadPretrained(Generator, g, options.Paths.StrictLoadG, "path.pretrain_network_g");
        OptimizerG = CreateAdam(Generator, train.OptimG);
        ScheduleG = new LearningRateSchedule(train.OptimG.LearningRate, train.Scheduler, train.WarmupIter);
        if (train.EmaDecay > 0)
        {
            Average = new WeightAverage(Generator, ArchitectureRegistry.Create(GeneratorSpec), train.EmaDecay);
            Average.Reset();
        }
        var perceptual = train.Perceptual is { } p ? PerceptualLoss.Create(p, options.SourceFile, options.Seed) : null;
        _objective = new GeneratorObjective(train.Pixel, perceptual, options.Mode == TrainingMode.Sr ? "l_" : "l_g_");
        if (options.Mode == TrainingMode.Sr)
        {
            Step = new PixelStep(Generator, OptimizerG, _objective, Average, gradients);
            return;
        }
        DiscriminatorSpec = Networks.DiscriminatorSpec(options.NetworkD!, options.TrainData.GtSize);
        Discriminator = ArchitectureRegistry.Create(DiscriminatorSpec);
        ArchitectureRegistry.Get(DiscriminatorSpec.Type).Initialize(Discriminator, random);
        if (options.Paths.PretrainNetworkD is { } d) LoadPretrained(Discriminator, d, options.Paths.StrictLoadD, "path.pretrain_network_d");
        OptimizerD = CreateAdam(Discriminator, train.OptimD!);
        ScheduleD = new LearningRateSchedule(train.OptimD!.LearningRate, train.Scheduler, train.WarmupIter);
        Step = new GanStep(Generator, Discriminator, OptimizerG, OptimizerD, _objective, AdversarialLoss.Create(options.Mode, train.Gan!),
            Average, train.NetDIters, train.NetDInitIters, gradients);
    }

    public ModelSpec GeneratorSpec { get; }
    public Module Generator { get; }
    public WeightAverage? Average { get; }
    public Adam OptimizerG { get; }
    public LearningRateSchedule ScheduleG { get; }
    public ModelSpec? DiscriminatorSpec { get; }
    public Module? Discriminator { get; }
    public Adam? OptimizerD { get; }
    public LearningRateSchedule? ScheduleD { get; }
    public ITrainingStep Step { get; }

    public IReadOnlyDictionary<string, Module> StateNetworks
    {
        get
        {
            var d = new Dictionary<string, Module>(StringComparer.Ordinal) { ["net_g"] = Generator };
            if (Average != null) d["net_g_ema"] = Average.Network;
            if (Discriminator != null) d["net_d"] = Discriminator;
            return d;
        }
    }

    public IReadOnlyDictionary<string, Adam> StateOptimizers
    {
        get
        {
            var d = new Dictionary<string, Adam>(StringComparer.Ordinal) { ["optim_g"] = OptimizerG };
            if (OptimizerD != null) d["optim_d"] = OptimizerD;
            return d;
        }
    }

    public Dictionary<string, double> SetLearningRates(long iteration)
    {
        OptimizerG.LearningRate = ScheduleG.At(iteration);
        var rates = new Dictionary<string, double>(StringComparer.Ordinal) { ["lr_g"] = OptimizerG.LearningRate };
        if (OptimizerD != null && ScheduleD != null) rates["lr_d"] = OptimizerD.LearningRate = ScheduleD.At(iteration);
        return rates;
    }

    /// <summary>Writes models/net_g_TAG (and net_g_ema_TAG, net_d_TAG) for users of the trained weights.</summary>
    public void SaveModels(ExperimentFolder folder, string tag)
    {
        ExperimentFolder.SaveNetwork(folder.ModelPath("net_g", tag), Generator, GeneratorSpec);
        if (Average != null) ExperimentFolder.SaveNetwork(folder.ModelPath("net_g_ema", tag), Average.Network, GeneratorSpec);
        if (Discriminator != null) ExperimentFolder.SaveNetwork(folder.ModelPath("net_d", tag), Discriminator, DiscriminatorSpec!);
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
        Discriminator?.Dispose();
        _objective.Dispose();
        NativeMemoryPool.Trim();
    }
}
