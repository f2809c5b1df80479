using Esrgan.Formats;
using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>Builds the network of a <see cref="ModelSpec"/> (every type ModelLayouts knows), optionally with its weights.</summary>
public static class ModelFactory
{
    public static Module Create(ModelSpec spec) => spec.Type switch
    {
        "RRDBNet" => new RrdbNet(spec["num_in_ch"], spec["num_out_ch"], spec["scale"], spec["num_feat"], spec["num_block"], spec["num_grow_ch"]),
        "SRVGGNetCompact" => new SrvggNetCompact(spec["num_in_ch"], spec["num_out_ch"], spec["num_feat"], spec["num_conv"], spec["upscale"]),
        "MSRResNet" => new MsrResNet(spec["num_in_ch"], spec["num_out_ch"], spec["num_feat"], spec["num_block"], spec["upscale"]),
        "SRResNet" => new SrResNet(spec["num_in_ch"], spec["num_out_ch"], spec["num_feat"], spec["num_block"], spec["upscale"],
            batchNorm: spec.Options.GetValueOrDefault("batch_norm", 1) != 0),
        "VGGStyleDiscriminator" => new VggStyleDiscriminator(spec["num_in_ch"], spec["num_feat"], spec["input_size"]),
        "SRGANDiscriminator" => new SrganDiscriminator(spec["num_in_ch"], spec["num_feat"], spec["input_size"]),
        _ => throw new ArgumentException($"no network is known for architecture '{spec.Type}'"),
    };

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
}
