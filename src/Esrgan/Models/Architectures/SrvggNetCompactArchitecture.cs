using Esrgan.Formats;
using Esrgan.Layers;

namespace Esrgan.Models.Architectures;

/// <summary>
/// Real-ESRGAN's compact generator (SRVGGNetCompact): body.{2n} convolutions each followed by a per-channel PReLU
/// body.{2n+1} (num_conv + 1 of them), a last conv body.{2(num_conv+1)} to out_ch * upscale^2 channels, a pixel shuffle,
/// plus the nearest-upsampled input. Initialised as PyTorch's defaults (Real-ESRGAN adds no init of its own).
/// </summary>
internal sealed class SrvggNetCompactArchitecture : Architecture
{
    public override string Name => "SRVGGNetCompact";
    public override NetworkRole Role => NetworkRole.Generator;
    public override IReadOnlyList<(string Key, int Value)> Defaults { get; } =
        [("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 64), ("num_conv", 16)];
    public override string DerivedOption => "upscale";
    public override string KeySummary => "body.{n} convs and PReLUs";

    public override Module Create(ModelSpec s) =>
        new SrvggNetCompact(s["num_in_ch"], s["num_out_ch"], s["num_feat"], s["num_conv"], s["upscale"]);

    public override void Layout(StateLayout l, ModelSpec s)
    {
        int nf = s["num_feat"], cin = s["num_in_ch"], up = s["upscale"], idx = 0;
        for (int c = 0; c <= s["num_conv"]; c++, idx += 2)
        {
            l.Conv($"body.{idx}", nf, c == 0 ? cin : nf);
            l.Add(($"body.{idx + 1}.weight", [nf]));
        }
        l.Conv($"body.{idx}", s["num_out_ch"] * up * up, nf);
    }

    public override bool Recognises(StateDict w) =>
        w.TryGet("body.0.weight", out var b0) && b0.Shape.Length == 4 && w.TryGet("body.1.weight", out var b1) && b1.Shape.Length == 1;

    public override ModelSpec Detect(StateDict w, string source)
    {
        int convs = Count(w, i => $"body.{2 * i}.weight");
        int inCh = Dim(w, "body.0.weight", 1, source), lastOut = Dim(w, $"body.{2 * (convs - 1)}.weight", 0, source);
        int up = (int)Math.Round(Math.Sqrt(lastOut / (double)inCh));
        if (convs < 2 || up * up * inCh != lastOut)
            throw new InvalidDataException($"{source}: SRVGGNetCompact's last conv has {lastOut} outputs, not in_ch * upscale^2 for in_ch {inCh}");
        return Spec(("num_in_ch", inCh), ("num_out_ch", inCh), ("num_feat", Dim(w, "body.0.weight", 0, source)),
            ("num_conv", convs - 2), ("upscale", up));
    }
}
