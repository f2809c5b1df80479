using Esrgan.Formats;
using Esrgan.Layers;

namespace Esrgan.Models.Architectures;

/// <summary>
/// BasicSR's MSRResNet (ESRGAN's SRResNet baseline without batch norm): conv_first, body.{i}.conv1/conv2 residual
/// blocks, upconv1 (and upconv2 for x4) with pixel shuffle, conv_hr, conv_last, plus the bilinearly upsampled input.
/// </summary>
internal sealed class MsrResNetArchitecture : Architecture
{
    public override string Name => "MSRResNet";
    public override NetworkRole Role => NetworkRole.Generator;
    public override IReadOnlyList<(string Key, int Value)> Defaults { get; } =
        [("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 64), ("num_block", 16)];
    public override string DerivedOption => "upscale";
    public override string KeySummary => "conv_first, body.{i}.conv1/conv2, upconv1, conv_hr, conv_last";

    public override Module Create(ModelSpec s) =>
        new MsrResNet(s["num_in_ch"], s["num_out_ch"], s["num_feat"], s["num_block"], s["upscale"]);

    public override void Layout(StateLayout l, ModelSpec s)
    {
        int nf = s["num_feat"], up = s["upscale"];
        l.Conv("conv_first", nf, s["num_in_ch"]);
        for (int i = 0; i < s["num_block"]; i++)
        {
            l.Conv($"body.{i}.conv1", nf, nf);
            l.Conv($"body.{i}.conv2", nf, nf);
        }
        if (up == 4)
        {
            l.Conv("upconv1", nf * 4, nf);
            l.Conv("upconv2", nf * 4, nf);
        }
        else if (up is 2 or 3) l.Conv("upconv1", nf * up * up, nf);
        else throw new ArgumentException($"MSRResNet upscale {up} is not 2, 3 or 4");
        l.Conv("conv_hr", nf, nf);
        l.Conv("conv_last", s["num_out_ch"], nf);
    }

    public override bool Recognises(StateDict w) => w.Contains("body.0.conv1.weight") && w.Contains("upconv1.weight");

    public override ModelSpec Detect(StateDict w, string source)
    {
        int nf = Dim(w, "conv_first.weight", 0, source);
        int up = w.Contains("upconv2.weight") ? 4 : (int)Math.Round(Math.Sqrt(Dim(w, "upconv1.weight", 0, source) / (double)nf));
        return Spec(("num_in_ch", Dim(w, "conv_first.weight", 1, source)), ("num_out_ch", Dim(w, "conv_last.weight", 0, source)),
            ("num_feat", nf), ("num_block", Count(w, i => $"body.{i}.conv1.weight")), ("upscale", up));
    }

    /// <summary>
    /// BasicSR's srresnet_arch.py: default_init_weights(..., 0.1) on conv_first, upconv1, upconv2, conv_hr and conv_last,
    /// and ResidualBlockNoBN (pytorch_init False) on conv1 and conv2: every convolution Kaiming-normal (fan-in) times 0.1,
    /// every bias zero.
    /// </summary>
    public override void Initialize(Module network, Random random) => Init.KaimingNormal(network, random, 0.1f);
}
