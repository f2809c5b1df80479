using Esrgan.Formats;
using Esrgan.Layers;

namespace Esrgan.Models.Architectures;

/// <summary>
/// The SRGAN paper's discriminator, with this project's keys: conv0_0 with bias, then conv{s}_{i} without bias +
/// bn{s}_{i} (3x3; strides 1, 2, 1, 2, ...; nf, nf, 2nf, 2nf, 4nf, 4nf, 8nf, 8nf channels, conv0_1 first),
/// linear1 (8nf x (input_size / 16)^2 -> 1024), linear2 (1024 -> 1). Initialised as PyTorch's defaults.
/// </summary>
internal sealed class SrganDiscriminatorArchitecture : Architecture
{
    public override string Name => "SRGANDiscriminator";
    public override NetworkRole Role => NetworkRole.Discriminator;
    public override IReadOnlyList<(string Key, int Value)> Defaults { get; } = [("num_in_ch", 3), ("num_feat", 64)];
    public override string DerivedOption => "input_size";
    public override string KeySummary => "conv0_0 ... conv3_1 with 3x3 strided convs, bn*, linear1, linear2";

    public override Module Create(ModelSpec s) => new SrganDiscriminator(s["num_in_ch"], s["num_feat"], s["input_size"]);

    public override void Layout(StateLayout l, ModelSpec s)
    {
        int nf = s["num_feat"], size = s["input_size"];
        if (size < 16 || size % 16 != 0) throw new ArgumentException($"SRGANDiscriminator input_size {size} is not a positive multiple of 16");
        l.Conv("conv0_0", nf, s["num_in_ch"]);
        l.Conv("conv0_1", nf, nf, 3, bias: false);
        l.BatchNorm("bn0_1", nf);
        for (int st = 1; st <= 3; st++)
        {
            int ch = nf << st;
            l.Conv($"conv{st}_0", ch, ch / 2, 3, bias: false);
            l.BatchNorm($"bn{st}_0", ch);
            l.Conv($"conv{st}_1", ch, ch, 3, bias: false);
            l.BatchNorm($"bn{st}_1", ch);
        }
        l.Linear("linear1", 1024, nf * 8 * (size / 16) * (size / 16));
        l.Linear("linear2", 1, 1024);
    }

    public override bool Recognises(StateDict w) => w.TryGet("conv0_1.weight", out var c01) && c01.Shape is [_, _, 3, 3] && w.Contains("conv0_0.weight");

    public override ModelSpec Detect(StateDict w, string source)
    {
        int nf = Dim(w, "conv0_0.weight", 0, source);
        int side = (int)Math.Round(Math.Sqrt(Dim(w, "linear1.weight", 1, source) / (8.0 * nf)));
        return Spec(("num_in_ch", Dim(w, "conv0_0.weight", 1, source)), ("num_feat", nf), ("input_size", 16 * side));
    }
}
