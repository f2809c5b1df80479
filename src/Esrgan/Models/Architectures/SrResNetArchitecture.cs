using Esrgan.Formats;
using Esrgan.Layers;

namespace Esrgan.Models.Architectures;

/// <summary>
/// The SRGAN paper's SRResNet, with this project's keys: conv_first (9x9) + prelu_first, body.{i}.conv1/bn1/prelu/
/// conv2/bn2, conv_body + bn_body, upconv{k} (nf -> 4nf) + prelu_up{k}, conv_last (9x9). Each PReLU has one shared
/// slope, as in the paper; option batch_norm 0 (absent means 1) drops every bn*, which is ESRGAN's "BN removal"
/// ablation. Initialised as PyTorch's defaults.
/// </summary>
internal sealed class SrResNetArchitecture : Architecture
{
    public override string Name => "SRResNet";
    public override NetworkRole Role => NetworkRole.Generator;
    public override IReadOnlyList<(string Key, int Value)> Defaults { get; } =
        [("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 64), ("num_block", 16), ("batch_norm", 1)];
    public override string DerivedOption => "upscale";
    public override string KeySummary => "conv_first, prelu_first, body.{i}.conv1/bn1/prelu/conv2/bn2, conv_body, bn_body, upconv{k}, conv_last";

    public override Module Create(ModelSpec s) =>
        new SrResNet(s["num_in_ch"], s["num_out_ch"], s["num_feat"], s["num_block"], s["upscale"], batchNorm: BatchNorm(s));

    public override void Layout(StateLayout l, ModelSpec s)
    {
        int nf = s["num_feat"], up = s["upscale"];
        if (up is not (2 or 4 or 8)) throw new ArgumentException($"SRResNet upscale {up} is not 2, 4 or 8");
        bool bn = BatchNorm(s);
        l.Conv("conv_first", nf, s["num_in_ch"], 9);
        l.Add(("prelu_first.weight", [1]));
        for (int i = 0; i < s["num_block"]; i++)
        {
            l.Conv($"body.{i}.conv1", nf, nf);
            if (bn) l.BatchNorm($"body.{i}.bn1", nf);
            l.Add(($"body.{i}.prelu.weight", [1]));
            l.Conv($"body.{i}.conv2", nf, nf);
            if (bn) l.BatchNorm($"body.{i}.bn2", nf);
        }
        l.Conv("conv_body", nf, nf);
        if (bn) l.BatchNorm("bn_body", nf);
        for (int k = 1; 1 << k <= up; k++)
        {
            l.Conv($"upconv{k}", nf * 4, nf);
            l.Add(($"prelu_up{k}.weight", [1]));
        }
        l.Conv("conv_last", s["num_out_ch"], nf, 9);
    }

    public override bool Recognises(StateDict w) => w.Contains("prelu_first.weight");

    /// <summary>batch_norm is recorded only when it is 0, so specs of the paper's network keep their five options.</summary>
    public override ModelSpec Detect(StateDict w, string source)
    {
        var spec = Spec(("num_in_ch", Dim(w, "conv_first.weight", 1, source)), ("num_out_ch", Dim(w, "conv_last.weight", 0, source)),
            ("num_feat", Dim(w, "conv_first.weight", 0, source)), ("num_block", Count(w, i => $"body.{i}.conv1.weight")),
            ("upscale", 1 << Count(w, i => $"upconv{i + 1}.weight")));
        if (w.Contains("bn_body.weight")) return spec;
        return spec with { Options = new Dictionary<string, int>(spec.Options) { ["batch_norm"] = 0 } };
    }

    private static bool BatchNorm(ModelSpec s) => s.Options.GetValueOrDefault("batch_norm", 1) != 0;
}
