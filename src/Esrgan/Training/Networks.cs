using Esrgan.Formats;
using Esrgan.Layers;
using Esrgan.Models;
using Esrgan.Training.Options;

namespace Esrgan.Training;

/// <summary>Builds the networks an options file names (network_g, network_d) with BasicSR's hyper-parameter names and defaults.</summary>
public static class Networks
{
    public static ModelSpec GeneratorSpec(NetworkOptions options)
    {
        var p = new Dictionary<string, int>(options.Parameters, StringComparer.Ordinal);
        switch (options.Type)
        {
            case "RRDBNet":
                Default(p, ("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 64), ("num_block", 23), ("num_grow_ch", 32), ("scale", 4));
                break;
            default:
                throw new ArgumentException($"network_g type '{options.Type}' is not supported (RRDBNet)");
        }
        return new ModelSpec(options.Type, p);
    }

    public static Module CreateGenerator(ModelSpec spec)
    {
        var known = spec.Type switch
        {
            "RRDBNet" => new[] { "num_in_ch", "num_out_ch", "num_feat", "num_block", "num_grow_ch", "scale" },
            _ => throw new ArgumentException($"network_g type '{spec.Type}' is not supported"),
        };
        if (spec.Options.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
            throw new ArgumentException($"network_g: {spec.Type} has no option '{unknown}' (it has {string.Join(", ", known)})");
        return new RrdbNet(spec["num_in_ch"], spec["num_out_ch"], spec["scale"], spec["num_feat"], spec["num_block"], spec["num_grow_ch"]);
    }

    private static void Default(Dictionary<string, int> p, params (string Key, int Value)[] defaults)
    {
        foreach (var (k, v) in defaults) p.TryAdd(k, v);
    }
}
