using Esrgan.Formats;
using Esrgan.Layers;
using Esrgan.Models;
using Esrgan.Training.Options;

namespace Esrgan.Training;

/// <summary>
/// The specs of the networks an options file names (network_g, network_d), with BasicSR's hyper-parameter names and
/// defaults; the top-level scale fills the generator's scale (upscale) and gt_size the discriminator's input_size.
/// </summary>
public static class Networks
{
    private static readonly Dictionary<string, (string Key, int Value)[]> Defaults = new(StringComparer.Ordinal)
    {
        ["RRDBNet"] = [("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 64), ("num_block", 23), ("num_grow_ch", 32)],
        ["MSRResNet"] = [("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 64), ("num_block", 16)],
        ["SRResNet"] = [("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 64), ("num_block", 16), ("batch_norm", 1)],
        ["SRVGGNetCompact"] = [("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 64), ("num_conv", 16)],
        ["VGGStyleDiscriminator"] = [("num_in_ch", 3), ("num_feat", 64)],
        ["SRGANDiscriminator"] = [("num_in_ch", 3), ("num_feat", 64)],
    };

    private static readonly string[] Generators = ["RRDBNet", "MSRResNet", "SRResNet", "SRVGGNetCompact"];
    private static readonly string[] Discriminators = ["VGGStyleDiscriminator", "SRGANDiscriminator"];

    public static ModelSpec GeneratorSpec(NetworkOptions options, int scale)
    {
        if (!Generators.Contains(options.Type))
            throw new ArgumentException($"network_g type '{options.Type}' is not one of {string.Join(", ", Generators)}");
        string scaleKey = options.Type == "RRDBNet" ? "scale" : "upscale";
        var spec = Complete("network_g", options, (scaleKey, scale));
        if (spec[scaleKey] != scale) throw new ArgumentException($"network_g {scaleKey} {spec[scaleKey]} differs from the top-level scale {scale}");
        return spec;
    }

    public static ModelSpec DiscriminatorSpec(NetworkOptions options, int gtSize)
    {
        if (!Discriminators.Contains(options.Type))
            throw new ArgumentException($"network_d type '{options.Type}' is not one of {string.Join(", ", Discriminators)}");
        var spec = Complete("network_d", options, ("input_size", gtSize));
        if (spec["input_size"] != gtSize) throw new ArgumentException($"network_d input_size {spec["input_size"]} differs from datasets.train.gt_size {gtSize}");
        return spec;
    }

    public static Module Create(ModelSpec spec) => ModelFactory.Create(spec);

    private static ModelSpec Complete(string section, NetworkOptions options, (string Key, int Value) derived)
    {
        var known = Defaults[options.Type].Append(derived).ToArray();
        if (options.Parameters.Keys.FirstOrDefault(k => known.All(d => d.Key != k)) is { } unknown)
            throw new ArgumentException($"{section}: {options.Type} has no option '{unknown}' (it has {string.Join(", ", known.Select(d => d.Key))})");
        var p = new Dictionary<string, int>(options.Parameters, StringComparer.Ordinal);
        foreach (var (k, v) in known) p.TryAdd(k, v);
        return new ModelSpec(options.Type, p);
    }
}
