namespace Esrgan.Training.Options;

/// <summary>Everything a training run is configured with, under BasicSR's option names (see <see cref="OptionsReader"/>).</summary>
public sealed record TrainingOptions(
    string SourceFile,
    string Name,
    TrainingMode Mode,
    int Scale,
    int Seed,
    TrainDatasetOptions TrainData,
    ValDatasetOptions? ValData,
    NetworkOptions NetworkG,
    NetworkOptions? NetworkD,
    PathOptions Paths,
    TrainOptions Train,
    ValidationOptions? Validation,
    LoggerOptions Logger)
{
    /// <summary>The key.path=value overrides applied on top of <see cref="SourceFile"/>, in order.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>The options as YAML with the overrides applied: what the run really uses.</summary>
    public string? EffectiveYaml { get; init; }

    /// <summary>The command line that started the run (program name first), when it came from one.</summary>
    public IReadOnlyList<string>? CommandLine { get; init; }
}

/// <summary>BasicSR's model_type: SRModel (pixel losses only), SRGANModel (standard GAN), ESRGANModel (relativistic average GAN).</summary>
public enum TrainingMode { Sr, SrGan, EsrGan }

public sealed record TrainDatasetOptions(
    IReadOnlyList<string> GtFolders,
    IReadOnlyList<string> LqFolders,
    string FilenameTemplate,
    int GtSize,
    bool UseHflip,
    bool UseRot,
    bool UseShuffle,
    int Workers,
    int BatchSize,
    int CacheMegabytes);

public sealed record ValDatasetOptions(string Name, IReadOnlyList<string> GtFolders, IReadOnlyList<string> LqFolders, string FilenameTemplate);

/// <summary>A network type (BasicSR's class name) and its integer hyper-parameters.</summary>
public sealed record NetworkOptions(string Type, IReadOnlyDictionary<string, int> Parameters);

public sealed record PathOptions(string? PretrainNetworkG, bool StrictLoadG, string? PretrainNetworkD, bool StrictLoadD, string? ExperimentsRoot);

public sealed record OptimizerOptions(double LearningRate, double Beta1, double Beta2, double WeightDecay);

public sealed record SchedulerOptions(
    SchedulerKind Kind,
    IReadOnlyList<double> Milestones,
    double Gamma,
    IReadOnlyList<double> Periods,
    IReadOnlyList<double> RestartWeights,
    double EtaMin);

public enum SchedulerKind { MultiStep, CosineAnnealingRestart }

public enum PixelCriterion { L1, Mse }

public sealed record PixelLossOptions(PixelCriterion Criterion, double Weight);

/// <summary>
/// VGG19 feature loss on one or more layers (conv5_4 is before its ReLU, relu5_4 after), with the weights file
/// of torchvision's vgg19, or an explicitly chosen random initialisation for smoke tests.
/// </summary>
public sealed record PerceptualLossOptions(
    IReadOnlyDictionary<string, double> LayerWeights,
    PixelCriterion Criterion,
    double Weight,
    bool UseInputNorm,
    bool RangeNorm,
    string? VggWeights,
    bool VggRandomInit);

public sealed record GanLossOptions(double Weight, double RealLabel, double FakeLabel);

public sealed record TrainOptions(
    int TotalIter,
    int WarmupIter,
    double EmaDecay,
    OptimizerOptions OptimG,
    OptimizerOptions? OptimD,
    SchedulerOptions Scheduler,
    PixelLossOptions? Pixel,
    PerceptualLossOptions? Perceptual,
    GanLossOptions? Gan,
    int NetDIters,
    int NetDInitIters,
    Precision Precision = Precision.Float32);

public enum MetricKind { Psnr, Ssim }

public sealed record MetricOptions(string Name, MetricKind Kind, int CropBorder, bool TestYChannel);

public sealed record ValidationOptions(int ValFreq, bool SaveImages, IReadOnlyList<MetricOptions> Metrics);

public sealed record LoggerOptions(int PrintFreq, int SaveCheckpointFreq, int KeepStates);
