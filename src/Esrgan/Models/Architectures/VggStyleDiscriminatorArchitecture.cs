using Esrgan.Formats;
using Esrgan.Layers;

namespace Esrgan.Models.Architectures;

/// <summary>
/// ESRGAN's discriminator (BasicSR VGGStyleDiscriminator) for 128 or 256 px patches: conv0_0, then per stage a 3x3
/// conv{s}_0 and a strided 4x4 conv{s}_1, each without bias and with batch norm bn{s}_{i}, then linear1 (to 100) and
/// linear2 (to 1). Initialised as PyTorch's defaults (BasicSR adds none).
/// </summary>
internal sealed class VggStyleDiscriminatorArchitecture : Architecture
{
    public override string Name => "VGGStyleDiscriminator";
    public override NetworkRole Role => NetworkRole.Discriminator;
    public override IReadOnlyList<(string Key, int Value)> Defaults { get; } = [("num_in_ch", 3), ("num_feat", 64)];
    public override string DerivedOption => "input_size";
    public override string KeySummary => "conv0_0 ... conv4_1 with 4x4 strided convs, bn*, linear1, linear2";

    public override Module Create(ModelSpec s) => new VggStyleDiscriminator(s["num_in_ch"], s["num_feat"], s["input_size"]);

    public override void Layout(StateLayout l, ModelSpec s)
    {
        int nf = s["num_feat"], size = s["input_size"];
        int stages = size switch { 128 => 5, 256 => 6, _ => throw new ArgumentException($"VGGStyleDiscriminator input_size {size} is not 128 or 256") };
        l.Conv("conv0_0", nf, s["num_in_ch"]);
        l.Conv("conv0_1", nf, nf, 4, bias: false);
        l.BatchNorm("bn0_1", nf);
        int prev = nf;
        for (int st = 1; st < stages; st++)
        {
            int ch = nf * Math.Min(8, 1 << st);
            l.Conv($"conv{st}_0", ch, prev, 3, bias: false);
            l.BatchNorm($"bn{st}_0", ch);
            l.Conv($"conv{st}_1", ch, ch, 4, bias: false);
            l.BatchNorm($"bn{st}_1", ch);
            prev = ch;
        }
        l.Linear("linear1", 100, nf * 8 * 4 * 4);
        l.Linear("linear2", 1, 100);
    }

    public override bool Recognises(StateDict w) => w.Contains("conv0_0.weight");

    public override ModelSpec Detect(StateDict w, string source) =>
        Spec(("num_in_ch", Dim(w, "conv0_0.weight", 1, source)), ("num_feat", Dim(w, "conv0_0.weight", 0, source)),
            ("input_size", w.Contains("conv5_0.weight") ? 256 : 128));
}
