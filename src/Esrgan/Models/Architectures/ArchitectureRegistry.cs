using Esrgan.Formats;
using Esrgan.Layers;

namespace Esrgan.Models.Architectures;

/// <summary>The known architectures, in the order weights are matched against them (most distinctive keys first).</summary>
internal static class ArchitectureRegistry
{
    public static IReadOnlyList<Architecture> All { get; } =
    [
        new RrdbNetArchitecture(),
        new SrvggNetCompactArchitecture(),
        new SrResNetArchitecture(),
        new MsrResNetArchitecture(),
        new SrganDiscriminatorArchitecture(),
        new VggStyleDiscriminatorArchitecture(),
        new Vgg19FeaturesArchitecture(),
    ];

    public static IReadOnlyList<string> Types { get; } = [.. All.Select(a => a.Name)];

    public static bool IsKnown(string type) => All.Any(a => a.Name == type);

    public static Architecture Get(string type) => All.FirstOrDefault(a => a.Name == type)
        ?? throw new ArgumentException($"unknown architecture '{type}' (known: {string.Join(", ", Types)})");

    /// <summary>Every tensor (BasicSR key and shape, in module order) a network of this spec has.</summary>
    public static IReadOnlyList<(string Name, int[] Shape)> Layout(ModelSpec spec)
    {
        var layout = new StateLayout();
        Get(spec.Type).Layout(layout, spec);
        return layout;
    }

    /// <summary>The network of a spec, with fresh (constructor) weights.</summary>
    public static Module Create(ModelSpec spec) => Get(spec.Type).Create(spec);

    /// <summary>The network with the file's weights (strictly: every key and shape must fit), in evaluation mode.</summary>
    public static Module Load(LoadedModel loaded)
    {
        var module = Create(loaded.Spec);
        try
        {
            module.LoadStateDict(loaded.Weights, strict: true);
            module.Eval();
            return module;
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>Infers the architecture and every hyper-parameter from BasicSR-named keys and their shapes.</summary>
    public static ModelSpec Detect(StateDict weights, string source) =>
        All.FirstOrDefault(a => a.Recognises(weights))?.Detect(weights, source)
        ?? throw new InvalidDataException(
            $"{source}: the {weights.Count} tensors fit no known architecture. Expected the keys of one of: "
            + string.Join(", ", All.Select(a => $"{a.Name} ({a.KeySummary})")) + ". "
            + $"Found: {string.Join(", ", weights.Keys.Take(20))}{(weights.Count > 20 ? ", ..." : "")}");
}
