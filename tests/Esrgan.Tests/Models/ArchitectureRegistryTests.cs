using Esrgan.Models.Architectures;
using Esrgan.Formats;
using Esrgan.Formats.Architectures;
using Esrgan.Models;
using Esrgan.Tests.Formats;
using Xunit;

namespace Esrgan.Tests.Models;

public class ArchitectureRegistryTests
{
    private static readonly string[] SpecTexts =
    [
        "RRDBNet(num_in_ch=3, num_out_ch=3, num_feat=8, num_block=2, num_grow_ch=4, scale=4)",
        "RRDBNet(num_in_ch=3, num_out_ch=3, num_feat=8, num_block=1, num_grow_ch=4, scale=1)",
        "RRDBNet(num_in_ch=1, num_out_ch=1, num_feat=8, num_block=1, num_grow_ch=4, scale=2)",
        "RRDBNet(num_in_ch=3, num_out_ch=3, num_feat=8, num_block=1, num_grow_ch=4, scale=8)",
        "SRVGGNetCompact(num_in_ch=3, num_out_ch=3, num_feat=8, num_conv=3, upscale=4)",
        "SRVGGNetCompact(num_in_ch=3, num_out_ch=3, num_feat=8, num_conv=0, upscale=2)",
        "MSRResNet(num_in_ch=3, num_out_ch=3, num_feat=8, num_block=2, upscale=4)",
        "MSRResNet(num_in_ch=3, num_out_ch=3, num_feat=8, num_block=1, upscale=3)",
        "MSRResNet(num_in_ch=3, num_out_ch=3, num_feat=8, num_block=1, upscale=2)",
        "SRResNet(num_in_ch=3, num_out_ch=3, num_feat=8, num_block=2, upscale=4)",
        "SRResNet(num_in_ch=3, num_out_ch=3, num_feat=8, num_block=1, upscale=8)",
        "SRResNet(num_in_ch=3, num_out_ch=3, num_feat=8, num_block=2, upscale=2, batch_norm=0)",
        "VGGStyleDiscriminator(num_in_ch=3, num_feat=2, input_size=128)",
        "VGGStyleDiscriminator(num_in_ch=3, num_feat=2, input_size=256)",
        "SRGANDiscriminator(num_in_ch=3, num_feat=2, input_size=96)",
        "SRGANDiscriminator(num_in_ch=3, num_feat=2, input_size=128)",
        "VGG19(last_layer=7)",
        "VGG19(last_layer=34)",
    ];

    public static TheoryData<string> Specs() => new(SpecTexts);

    /// <summary>Parses the spec's own ToString form, "Type(key=value, ...)".</summary>
    internal static ModelSpec Parse(string text)
    {
        int open = text.IndexOf('(');
        var options = text[(open + 1)..^1].Split(", ", StringSplitOptions.RemoveEmptyEntries)
            .Select(o => o.Split('=')).ToDictionary(kv => kv[0], kv => int.Parse(kv[1]));
        return new ModelSpec(text[..open], options);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void StateDictKeysAndShapesAreTheLayoutsExactly(string text)
    {
        var spec = Parse(text);
        Assert.Equal(text, spec.ToString());
        using var net = ArchitectureRegistry.Create(spec);
        var actual = net.StateDict().Select(kv => $"{kv.Key} [{string.Join(", ", kv.Value.Shape)}]").Order().ToList();
        var expected = ArchitectureRegistry.Layout(spec).Select(e => $"{e.Name} [{string.Join(", ", e.Shape)}]").Order().ToList();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void LayoutsAreDetectedBackAsTheirSpec(string text)
    {
        var spec = Parse(text);
        var weights = new StateDict();
        foreach (var (name, shape) in ArchitectureRegistry.Layout(spec)) weights.Add(name, new Esrgan.Engine.HostTensor(shape));
        // An RRDBNet of one channel at scale 2 has as many conv_first inputs as one of four channels at scale 4.
        if (text.Contains("num_in_ch=1")) return;
        Assert.Equal(spec, ArchitectureRegistry.Detect(weights, "layout"));
    }

    [Fact]
    public void EveryArchitectureTypeHasANetwork()
    {
        var covered = SpecTexts.Select(t => Parse(t).Type).ToHashSet();
        Assert.Equal(ArchitectureRegistry.Types.Order(), covered.Order());
    }

    [Fact]
    public void UpscalingNetworksReportTheirGeometry()
    {
        using var net = ArchitectureRegistry.Create(Parse("RRDBNet(num_in_ch=3, num_out_ch=3, num_feat=8, num_block=1, num_grow_ch=4, scale=1)"));
        var up = Assert.IsAssignableFrom<IUpscalingNetwork>(net);
        Assert.Equal((1, 4, 3, 3), (up.Scale, up.SizeMultiple, up.InChannels, up.OutChannels));
        using var srvgg = ArchitectureRegistry.Create(FormatFixtures.TinySrvgg);
        Assert.Equal(4, Assert.IsAssignableFrom<IUpscalingNetwork>(srvgg).Scale);
    }

    [Fact]
    public void LoadRefusesWeightsOfAnotherShape()
    {
        var model = ModelFile.Load(FormatFixtures.Path("srvgg_zip.pth"));
        var wider = model with { Spec = model.Spec with { Options = new Dictionary<string, int>(model.Spec.Options) { ["num_feat"] = 5 } } };
        Assert.Contains("wrong shape", Assert.Throws<InvalidDataException>(() => ArchitectureRegistry.Load(wider)).Message);
    }

    [Fact]
    public void UnknownTypesAreRefused() =>
        Assert.Throws<ArgumentException>(() => ArchitectureRegistry.Create(new ModelSpec("EDSR", new Dictionary<string, int>())));
}
