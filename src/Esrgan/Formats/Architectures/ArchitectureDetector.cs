
namespace Esrgan.Formats.Architectures;

/// <summary>Infers the architecture and every hyper-parameter from BasicSR-named keys and their shapes.</summary>
public static class ArchitectureDetector
{
    public static ModelSpec Detect(StateDict w, string source)
    {
        if (w.Contains("body.0.rdb1.conv1.weight")) return Rrdb(w, source);
        if (w.TryGet("body.0.weight", out var b0) && b0.Shape.Length == 4 && w.TryGet("body.1.weight", out var b1) && b1.Shape.Length == 1)
            return Srvgg(w, source);
        if (w.Contains("prelu_first.weight")) return SrResNet(w, source);
        if (w.Contains("body.0.conv1.weight") && w.Contains("upconv1.weight")) return MsrResNet(w, source);
        if (w.Contains("conv0_0.weight"))
            return w.TryGet("conv0_1.weight", out var c01) && c01.Shape is [_, _, 3, 3] ? SrganDiscriminator(w, source) : VggDiscriminator(w, source);
        throw new InvalidDataException(
            $"{source}: the {w.Count} tensors fit no known architecture. Expected the keys of one of: "
            + "RRDBNet (conv_first, body.{i}.rdb{k}.conv{j}, conv_body, conv_up1, conv_up2, conv_hr, conv_last; or ESRGAN's model.N / RRDB_trunk names), "
            + "SRVGGNetCompact (body.{n} convs and PReLUs), MSRResNet (conv_first, body.{i}.conv1/conv2, upconv1, conv_hr, conv_last), "
            + "SRResNet (conv_first, prelu_first, body.{i}.conv1/bn1/prelu/conv2/bn2, conv_body, bn_body, upconv{k}, conv_last), "
            + "VGGStyleDiscriminator (conv0_0 ... conv4_1 with 4x4 strided convs, bn*, linear1, linear2), "
            + "SRGANDiscriminator (conv0_0 ... conv3_1 with 3x3 strided convs, bn*, linear1, linear2). "
            + $"Found: {string.Join(", ", w.Keys.Take(20))}{(w.Count > 20 ? ", ..." : "")}");
    }

    private static ModelSpec Rrdb(StateDict w, string source)
    {
        int nf = Dim(w, "conv_first.weight", 0, source), inCh = Dim(w, "conv_first.weight", 1, source);
        int outCh = Dim(w, "conv_last.weight", 0, source);
        int ups = Count(w, i => $"conv_up{i + 1}.weight");
        (int numIn, int scale) = ups == 3 ? (inCh, 8)
            : inCh == outCh * 16 ? (outCh, 1)
            : inCh == outCh * 4 ? (outCh, 2)
            : (inCh, 4);
        return Spec("RRDBNet", ("num_in_ch", numIn), ("num_out_ch", outCh), ("num_feat", nf),
            ("num_block", Count(w, i => $"body.{i}.rdb1.conv1.weight")), ("num_grow_ch", Dim(w, "body.0.rdb1.conv1.weight", 0, source)), ("scale", scale));
    }

    private static ModelSpec Srvgg(StateDict w, string source)
    {
        int convs = Count(w, i => $"body.{2 * i}.weight");
        int inCh = Dim(w, "body.0.weight", 1, source), lastOut = Dim(w, $"body.{2 * (convs - 1)}.weight", 0, source);
        int up = (int)Math.Round(Math.Sqrt(lastOut / (double)inCh));
        if (convs < 2 || up * up * inCh != lastOut)
            throw new InvalidDataException($"{source}: SRVGGNetCompact's last conv has {lastOut} outputs, not in_ch * upscale^2 for in_ch {inCh}");
        return Spec("SRVGGNetCompact", ("num_in_ch", inCh), ("num_out_ch", inCh), ("num_feat", Dim(w, "body.0.weight", 0, source)),
            ("num_conv", convs - 2), ("upscale", up));
    }

    private static ModelSpec MsrResNet(StateDict w, string source)
    {
        int nf = Dim(w, "conv_first.weight", 0, source);
        int up = w.Contains("upconv2.weight") ? 4 : (int)Math.Round(Math.Sqrt(Dim(w, "upconv1.weight", 0, source) / (double)nf));
        return Spec("MSRResNet", ("num_in_ch", Dim(w, "conv_first.weight", 1, source)), ("num_out_ch", Dim(w, "conv_last.weight", 0, source)),
            ("num_feat", nf), ("num_block", Count(w, i => $"body.{i}.conv1.weight")), ("upscale", up));
    }

    /// <summary>batch_norm is recorded only when it is 0, so specs of the paper's network keep their five options.</summary>
    private static ModelSpec SrResNet(StateDict w, string source)
    {
        var spec = Spec("SRResNet", ("num_in_ch", Dim(w, "conv_first.weight", 1, source)), ("num_out_ch", Dim(w, "conv_last.weight", 0, source)),
            ("num_feat", Dim(w, "conv_first.weight", 0, source)), ("num_block", Count(w, i => $"body.{i}.conv1.weight")),
            ("upscale", 1 << Count(w, i => $"upconv{i + 1}.weight")));
        if (w.Contains("bn_body.weight")) return spec;
        return spec with { Options = new Dictionary<string, int>(spec.Options) { ["batch_norm"] = 0 } };
    }

    private static ModelSpec SrganDiscriminator(StateDict w, string source)
    {
        int nf = Dim(w, "conv0_0.weight", 0, source);
        int side = (int)Math.Round(Math.Sqrt(Dim(w, "linear1.weight", 1, source) / (8.0 * nf)));
        return Spec("SRGANDiscriminator", ("num_in_ch", Dim(w, "conv0_0.weight", 1, source)), ("num_feat", nf), ("input_size", 16 * side));
    }

    private static ModelSpec VggDiscriminator(StateDict w, string source) =>
        Spec("VGGStyleDiscriminator", ("num_in_ch", Dim(w, "conv0_0.weight", 1, source)), ("num_feat", Dim(w, "conv0_0.weight", 0, source)),
            ("input_size", w.Contains("conv5_0.weight") ? 256 : 128));

    private static ModelSpec Spec(string type, params (string Key, int Value)[] options) =>
        new(type, options.ToDictionary(o => o.Key, o => o.Value));

    private static int Count(StateDict w, Func<int, string> key)
    {
        int n = 0;
        while (w.Contains(key(n))) n++;
        return n;
    }

    private static int Dim(StateDict w, string key, int dim, string source) =>
        w.TryGet(key, out var t) && t.Shape.Length > dim ? t.Shape[dim]
            : throw new InvalidDataException($"{source}: looks like a known architecture but '{key}' is missing or has too few dimensions");
}
