using Esrgan.Formats;
using Esrgan.Models.Architectures;
using Esrgan.Training.Options;

namespace Esrgan.Training;

/// <summary>
/// The specs of the networks an options file names (network_g, network_d), with the hyper-parameter names and defaults
/// their architectures' descriptors give; the top-level scale fills the generator's scale (upscale) and gt_size the
/// discriminator's input_size.
/// </summary>
internal static class Networks
{
    public static ModelSpec GeneratorSpec(NetworkOptions options, int scale) =>
        Complete("network_g", NetworkRole.Generator, options, scale, "the top-level scale");

    public static ModelSpec DiscriminatorSpec(NetworkOptions options, int gtSize) =>
        Complete("network_d", NetworkRole.Discriminator, options, gtSize, "datasets.train.gt_size");

    private static ModelSpec Complete(string section, NetworkRole role, NetworkOptions options, int derivedValue, string derivedFrom)
    {
        var candidates = ArchitectureRegistry.All.Where(a => a.Role == role).ToList();
        var architecture = candidates.FirstOrDefault(a => a.Name == options.Type)
            ?? throw new ArgumentException($"{section} type '{options.Type}' is not one of {string.Join(", ", candidates.Select(a => a.Name))}");
        string derived = architecture.DerivedOption!;
        var known = architecture.Defaults.Append((derived, derivedValue)).ToArray();
        if (options.Parameters.Keys.FirstOrDefault(k => known.All(d => d.Item1 != k)) is { } unknown)
            throw new ArgumentException($"{section}: {options.Type} has no option '{unknown}' (it has {string.Join(", ", known.Select(d => d.Item1))})");
        var p = new Dictionary<string, int>(options.Parameters, StringComparer.Ordinal);
        foreach (var (k, v) in known) p.TryAdd(k, v);
        var spec = new ModelSpec(options.Type, p);
        if (spec[derived] != derivedValue) throw new ArgumentException($"{section} {derived} {spec[derived]} differs from {derivedFrom} {derivedValue}");
        return spec;
    }
}
