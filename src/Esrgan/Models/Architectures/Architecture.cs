using Esrgan.Formats;
using Esrgan.Layers;
using Esrgan.Training;

namespace Esrgan.Models.Architectures;

/// <summary>What a network is for in training and upscaling.</summary>
internal enum NetworkRole
{
    Generator,
    Discriminator,
    FeatureExtractor,
}

/// <summary>
/// Everything the code knows about one architecture, in one place: its role, its BasicSR hyper-parameters and their
/// defaults, how to build it, the exact tensors of its state dict, how it is recognised from keys and shapes, and how
/// it is initialised for training. <see cref="ArchitectureRegistry"/> lists them; adding an architecture is adding a
/// subclass there.
/// </summary>
internal abstract class Architecture
{
    /// <summary>The type name, as BasicSR's options files and this project's safetensors metadata write it.</summary>
    public abstract string Name { get; }

    public abstract NetworkRole Role { get; }

    /// <summary>Hyper-parameters an options file may give, with BasicSR's defaults (the derived one excepted).</summary>
    public abstract IReadOnlyList<(string Key, int Value)> Defaults { get; }

    /// <summary>
    /// The hyper-parameter an options file derives from elsewhere: the top-level scale for generators, gt_size for
    /// discriminators; null when there is none.
    /// </summary>
    public abstract string? DerivedOption { get; }

    /// <summary>The key families, for the message that says a file fits no architecture.</summary>
    public abstract string KeySummary { get; }

    public abstract Module Create(ModelSpec spec);

    /// <summary>Every tensor (BasicSR key and shape, in module order) a network of this spec has.</summary>
    public abstract void Layout(StateLayout layout, ModelSpec spec);

    /// <summary>Whether BasicSR-named weights have this architecture's distinguishing keys (tried in registry order).</summary>
    public abstract bool Recognises(StateDict weights);

    /// <summary>The hyper-parameters of recognised weights, from their keys and shapes.</summary>
    public abstract ModelSpec Detect(StateDict weights, string source);

    /// <summary>Training's starting weights; by default PyTorch's own layer initialisation.</summary>
    public virtual void Initialize(Module network, Random random) => Initialization.PyTorchDefault(network, random);

    protected ModelSpec Spec(params (string Key, int Value)[] options) => new(Name, options.ToDictionary(o => o.Key, o => o.Value));

    /// <summary>How many of key(0), key(1), ... are present.</summary>
    protected static int Count(StateDict w, Func<int, string> key)
    {
        int n = 0;
        while (w.Contains(key(n))) n++;
        return n;
    }

    protected static int Dim(StateDict w, string key, int dim, string source) =>
        w.TryGet(key, out var t) && t.Shape.Length > dim ? t.Shape[dim]
            : throw new InvalidDataException($"{source}: looks like a known architecture but '{key}' is missing or has too few dimensions");
}

/// <summary>The state-dict tensors of a network, built in module order.</summary>
internal sealed class StateLayout : List<(string Name, int[] Shape)>
{
    public void Conv(string name, int cout, int cin, int k = 3, bool bias = true)
    {
        Add(($"{name}.weight", [cout, cin, k, k]));
        if (bias) Add(($"{name}.bias", [cout]));
    }

    public void BatchNorm(string name, int n)
    {
        foreach (var p in new[] { "weight", "bias", "running_mean", "running_var" }) Add(($"{name}.{p}", [n]));
    }

    public void Linear(string name, int outFeatures, int inFeatures)
    {
        Add(($"{name}.weight", [outFeatures, inFeatures]));
        Add(($"{name}.bias", [outFeatures]));
    }
}
