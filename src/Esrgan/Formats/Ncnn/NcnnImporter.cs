using Esrgan.Engine;
using Esrgan.Formats.Architectures;

namespace Esrgan.Formats.Ncnn;

/// <summary>
/// Imports ncnn exports of RRDBNet (Real-ESRGAN x4plus) and SRVGGNetCompact (x4fast): reads the weights in
/// .param layer order, names them with BasicSR keys from the graph's structure, and checks activations,
/// upsampling and every shape against the architecture.
/// </summary>
internal static class NcnnImporter
{
    public const string Format = "ncnn";
    private const float LeakySlope = 0.2f;
    private static readonly HashSet<string> Weightless = ["Input", "Split", "Concat", "Eltwise", "BinaryOp", "Interp", "PixelShuffle", "Reshape", "Permute", "Noop"];

    private sealed record Weighted(NcnnLayer Layer, HostTensor Weight, HostTensor? Bias);

    public static LoadedModel Import(string paramPath, string binPath, LoadLimits limits)
    {
        var layers = NcnnParam.Parse(paramPath, limits);
        long binBytes = new FileInfo(binPath).Length, binLimit = 4 * (limits.MaxCheckpointElements + 2L * layers.Count);
        if (binBytes > binLimit) throw new NcnnFileException(binPath, $"{binBytes:N0} bytes is more than {limits.MaxCheckpointElements:N0} weights can fill (limit)");
        var bin = new NcnnWeights(File.ReadAllBytes(binPath), binPath, limits);
        var weighted = new List<Weighted>();
        foreach (var layer in layers)
        {
            if (layer.Type == "Convolution") weighted.Add(Conv(layer, bin, paramPath));
            else if (layer.Type == "PReLU") weighted.Add(new(layer, new HostTensor([layer.Int(0, 1)], bin.Raw(Positive(layer, 0, 1, paramPath))), null));
            else if (!Weightless.Contains(layer.Type))
                throw new NcnnFileException(paramPath, $"layer {layer.Name} has type {layer.Type}, which RRDBNet and SRVGGNetCompact exports do not contain");
        }
        if (bin.Remaining != 0) throw new NcnnFileException(binPath, $"{bin.Remaining} bytes left over after the last layer; the .bin does not belong to this .param");

        bool vgg = weighted.Any(w => w.Layer.Type == "PReLU");
        var weights = vgg ? SrvggNames(weighted, paramPath) : RrdbNames(weighted, layers, paramPath);
        var spec = ArchitectureDetector.Detect(weights, paramPath);
        if (vgg && layers.Where(l => l.Type == "PixelShuffle").ToList() is var shuffles && (shuffles.Count != 1 || shuffles[0].Int(0, 1) != spec.Scale))
            throw new NcnnFileException(paramPath, shuffles.Count != 1 ? $"{shuffles.Count} PixelShuffle layers; SRVGGNetCompact has one"
                : $"PixelShuffle factor {shuffles[0].Int(0, 1)} does not match the last conv's upscale {spec.Scale}");
        return new LoadedModel(LayoutValidator.Canonical(weights, spec, paramPath), spec, Format);
    }

    private static Weighted Conv(NcnnLayer layer, NcnnWeights bin, string file)
    {
        int cout = Positive(layer, 0, 0, file), kw = Positive(layer, 1, 0, file), kh = Positive(layer, 11, kw, file), count = Positive(layer, 6, 0, file);
        long perInput = (long)cout * kw * kh;
        if (perInput > count || count % perInput != 0 || layer.Int(3, 1) != 1 || layer.Int(2, 1) != 1 || layer.Int(4, 0) != kw / 2)
            throw new NcnnFileException(file, $"convolution {layer.Name} is not a stride-1, same-padded conv with a whole number of input channels");
        var weight = new HostTensor([cout, (int)(count / perInput), kh, kw], bin.Tagged(count));
        var bias = layer.Int(5, 0) == 1 ? new HostTensor([cout], bin.Raw(cout)) : null;
        return new(layer, weight, bias);
    }

    private static int Positive(NcnnLayer layer, int key, int fallback, string file) => layer.Int(key, fallback) is var v && v > 0 ? v
        : throw new NcnnFileException(file, $"layer {layer.Name} parameter {key}={v} must be positive");

    /// <summary>SRVGGNetCompact is a plain chain conv, PReLU, ..., conv, so body.{n} counts the layers in order.</summary>
    private static StateDict SrvggNames(List<Weighted> weighted, string file)
    {
        var result = new StateDict();
        for (int i = 0; i < weighted.Count; i++)
        {
            var w = weighted[i];
            bool conv = i % 2 == 0;
            if ((w.Layer.Type == "Convolution") != conv || (conv && w.Layer.Int(9, 0) != 0) || (i == weighted.Count - 1 && !conv))
                throw new NcnnFileException(file, $"layer {w.Layer.Name} breaks SRVGGNetCompact's conv / PReLU alternation");
            Add(result, $"body.{i}", w);
        }
        return result;
    }

    /// <summary>
    /// RRDBNet convs appear in forward order: conv_first, 15 per RRDB, conv_body, one after each nearest x2 Interp,
    /// conv_hr, conv_last. The upsample convs are recognised by the Interp feeding them, not by position alone.
    /// </summary>
    private static StateDict RrdbNames(List<Weighted> convs, List<NcnnLayer> layers, string file)
    {
        var producer = new Dictionary<string, NcnnLayer>(StringComparer.Ordinal);
        foreach (var l in layers)
            foreach (var o in l.Outputs)
                if (!producer.TryAdd(o, l)) throw new NcnnFileException(file, $"blob {o} is produced twice");
        bool FedByInterp(Weighted c) => c.Layer.Inputs.Length > 0 && producer.TryGetValue(c.Layer.Inputs[0], out var p) && p.Type == "Interp";

        int ups = convs.Count(FedByInterp), trunk = convs.Count - 4 - ups;
        if (ups is < 2 or > 3 || trunk <= 0 || trunk % 15 != 0)
            throw new NcnnFileException(file, $"{convs.Count} convolutions with {ups} upsampling steps do not make an RRDBNet (1 + 15 per block + 1 + upsampling + 2)");
        var names = new List<string> { "conv_first" };
        for (int i = 0; i < trunk / 15; i++)
            for (int k = 1; k <= 3; k++)
                for (int j = 1; j <= 5; j++) names.Add($"body.{i}.rdb{k}.conv{j}");
        names.Add("conv_body");
        for (int u = 1; u <= ups; u++) names.Add($"conv_up{u}");
        names.AddRange(["conv_hr", "conv_last"]);

        var result = new StateDict();
        for (int n = 0; n < convs.Count; n++)
        {
            var c = convs[n];
            bool up = names[n].StartsWith("conv_up", StringComparison.Ordinal);
            bool leaky = up || names[n] == "conv_hr" || (names[n].StartsWith("body.", StringComparison.Ordinal) && !names[n].EndsWith("conv5", StringComparison.Ordinal));
            bool actOk = leaky ? c.Layer.Int(9, 0) == 2 && Math.Abs(c.Layer.Floats(-23310).FirstOrDefault() - LeakySlope) < 1e-6f : c.Layer.Int(9, 0) == 0;
            if (FedByInterp(c) != up || !actOk)
                throw new NcnnFileException(file, $"convolution {c.Layer.Name} (taken as {names[n]}) has the wrong activation or input for that position in RRDBNet");
            Add(result, names[n], c);
        }
        return result;
    }

    private static void Add(StateDict result, string name, Weighted w)
    {
        result.Add($"{name}.weight", w.Weight);
        if (w.Bias != null) result.Add($"{name}.bias", w.Bias);
    }
}
