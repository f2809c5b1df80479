namespace Esrgan.Formats.Architectures;

/// <summary>
/// Every tensor (BasicSR key and shape, in module order) that a network of a given spec has.
/// SRResNet (SRGAN with batch norm) uses this project's own keys: conv_first (9x9) + prelu_first,
/// body.{i}.conv1/bn1/prelu/conv2/bn2, conv_body + bn_body, upconv{k} (nf -> 4nf) + prelu_up{k}, conv_last (9x9);
/// each PReLU has one shared slope, as in the SRGAN paper; option batch_norm 0 (absent means 1) drops every bn*, which is
/// ESRGAN's "BN removal" ablation. SRGANDiscriminator (the SRGAN paper's) also uses this project's keys: conv0_0 with
/// bias, then conv{s}_{i} without bias + bn{s}_{i} (3x3; strides 1, 2, 1, 2, ...; nf, nf, 2nf, 2nf, 4nf, 4nf, 8nf, 8nf
/// channels, conv0_1 first), linear1 (8nf x (input_size / 16)^2 -> 1024), linear2 (1024 -> 1).
/// </summary>
public static class ModelLayouts
{
    public static IReadOnlyList<(string Name, int[] Shape)> For(ModelSpec spec)
    {
        var l = new List<(string, int[])>();
        switch (spec.Type)
        {
            case "RRDBNet": Rrdb(l, spec); break;
            case "SRVGGNetCompact": Srvgg(l, spec); break;
            case "MSRResNet": MsrResNet(l, spec); break;
            case "SRResNet": SrResNet(l, spec); break;
            case "VGGStyleDiscriminator": VggDiscriminator(l, spec); break;
            case "SRGANDiscriminator": SrganDiscriminator(l, spec); break;
            default: throw new ArgumentException($"unknown architecture '{spec.Type}'");
        }
        return l;
    }

    public static readonly IReadOnlyList<string> Types = ["RRDBNet", "SRVGGNetCompact", "MSRResNet", "SRResNet", "VGGStyleDiscriminator", "SRGANDiscriminator"];

    private static void Conv(List<(string, int[])> l, string name, int cout, int cin, int k = 3, bool bias = true)
    {
        l.Add(($"{name}.weight", [cout, cin, k, k]));
        if (bias) l.Add(($"{name}.bias", [cout]));
    }

    private static void BatchNorm(List<(string, int[])> l, string name, int n)
    {
        foreach (var p in new[] { "weight", "bias", "running_mean", "running_var" }) l.Add(($"{name}.{p}", [n]));
    }

    private static void Rrdb(List<(string, int[])> l, ModelSpec s)
    {
        int nf = s["num_feat"], gc = s["num_grow_ch"], scale = s["scale"];
        int unshuffle = scale switch { 1 => 4, 2 => 2, 4 or 8 => 1, _ => throw new ArgumentException($"RRDBNet scale {scale} is not 1, 2, 4 or 8") };
        Conv(l, "conv_first", nf, s["num_in_ch"] * unshuffle * unshuffle);
        for (int i = 0; i < s["num_block"]; i++)
            for (int k = 1; k <= 3; k++)
                for (int j = 1; j <= 5; j++)
                    Conv(l, $"body.{i}.rdb{k}.conv{j}", j == 5 ? nf : gc, nf + (j - 1) * gc);
        Conv(l, "conv_body", nf, nf);
        for (int u = 1; u <= (scale == 8 ? 3 : 2); u++) Conv(l, $"conv_up{u}", nf, nf);
        Conv(l, "conv_hr", nf, nf);
        Conv(l, "conv_last", s["num_out_ch"], nf);
    }

    private static void Srvgg(List<(string, int[])> l, ModelSpec s)
    {
        int nf = s["num_feat"], cin = s["num_in_ch"], up = s["upscale"], idx = 0;
        for (int c = 0; c <= s["num_conv"]; c++, idx += 2)
        {
            Conv(l, $"body.{idx}", nf, c == 0 ? cin : nf);
            l.Add(($"body.{idx + 1}.weight", [nf]));
        }
        Conv(l, $"body.{idx}", s["num_out_ch"] * up * up, nf);
    }

    private static void MsrResNet(List<(string, int[])> l, ModelSpec s)
    {
        int nf = s["num_feat"], up = s["upscale"];
        Conv(l, "conv_first", nf, s["num_in_ch"]);
        for (int i = 0; i < s["num_block"]; i++)
        {
            Conv(l, $"body.{i}.conv1", nf, nf);
            Conv(l, $"body.{i}.conv2", nf, nf);
        }
        if (up == 4)
        {
            Conv(l, "upconv1", nf * 4, nf);
            Conv(l, "upconv2", nf * 4, nf);
        }
        else if (up is 2 or 3) Conv(l, "upconv1", nf * up * up, nf);
        else throw new ArgumentException($"MSRResNet upscale {up} is not 2, 3 or 4");
        Conv(l, "conv_hr", nf, nf);
        Conv(l, "conv_last", s["num_out_ch"], nf);
    }

    private static void SrResNet(List<(string, int[])> l, ModelSpec s)
    {
        int nf = s["num_feat"], up = s["upscale"];
        if (up is not (2 or 4 or 8)) throw new ArgumentException($"SRResNet upscale {up} is not 2, 4 or 8");
        bool bn = s.Options.GetValueOrDefault("batch_norm", 1) != 0;
        Conv(l, "conv_first", nf, s["num_in_ch"], 9);
        l.Add(("prelu_first.weight", [1]));
        for (int i = 0; i < s["num_block"]; i++)
        {
            Conv(l, $"body.{i}.conv1", nf, nf);
            if (bn) BatchNorm(l, $"body.{i}.bn1", nf);
            l.Add(($"body.{i}.prelu.weight", [1]));
            Conv(l, $"body.{i}.conv2", nf, nf);
            if (bn) BatchNorm(l, $"body.{i}.bn2", nf);
        }
        Conv(l, "conv_body", nf, nf);
        if (bn) BatchNorm(l, "bn_body", nf);
        for (int k = 1; 1 << k <= up; k++)
        {
            Conv(l, $"upconv{k}", nf * 4, nf);
            l.Add(($"prelu_up{k}.weight", [1]));
        }
        Conv(l, "conv_last", s["num_out_ch"], nf, 9);
    }

    private static void VggDiscriminator(List<(string, int[])> l, ModelSpec s)
    {
        int nf = s["num_feat"], size = s["input_size"];
        int stages = size switch { 128 => 5, 256 => 6, _ => throw new ArgumentException($"VGGStyleDiscriminator input_size {size} is not 128 or 256") };
        Conv(l, "conv0_0", nf, s["num_in_ch"]);
        Conv(l, "conv0_1", nf, nf, 4, bias: false);
        BatchNorm(l, "bn0_1", nf);
        int prev = nf;
        for (int st = 1; st < stages; st++)
        {
            int ch = nf * Math.Min(8, 1 << st);
            Conv(l, $"conv{st}_0", ch, prev, 3, bias: false);
            BatchNorm(l, $"bn{st}_0", ch);
            Conv(l, $"conv{st}_1", ch, ch, 4, bias: false);
            BatchNorm(l, $"bn{st}_1", ch);
            prev = ch;
        }
        l.Add(("linear1.weight", [100, nf * 8 * 4 * 4]));
        l.Add(("linear1.bias", [100]));
        l.Add(("linear2.weight", [1, 100]));
        l.Add(("linear2.bias", [1]));
    }

    private static void SrganDiscriminator(List<(string, int[])> l, ModelSpec s)
    {
        int nf = s["num_feat"], size = s["input_size"];
        if (size < 16 || size % 16 != 0) throw new ArgumentException($"SRGANDiscriminator input_size {size} is not a positive multiple of 16");
        Conv(l, "conv0_0", nf, s["num_in_ch"]);
        Conv(l, "conv0_1", nf, nf, 3, bias: false);
        BatchNorm(l, "bn0_1", nf);
        for (int st = 1; st <= 3; st++)
        {
            int ch = nf << st;
            Conv(l, $"conv{st}_0", ch, ch / 2, 3, bias: false);
            BatchNorm(l, $"bn{st}_0", ch);
            Conv(l, $"conv{st}_1", ch, ch, 3, bias: false);
            BatchNorm(l, $"bn{st}_1", ch);
        }
        l.Add(("linear1.weight", [1024, nf * 8 * (size / 16) * (size / 16)]));
        l.Add(("linear1.bias", [1024]));
        l.Add(("linear2.weight", [1, 1024]));
        l.Add(("linear2.bias", [1]));
    }
}
