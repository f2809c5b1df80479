using Esrgan.Formats;
using Esrgan.Layers;
using Esrgan.Training;

namespace Esrgan.Models.Architectures;

/// <summary>
/// ESRGAN's generator (BasicSR RRDBNet): conv_first, num_block RRDBs of three residual dense blocks
/// (body.{i}.rdb{k}.conv{1..5}), conv_body, nearest-neighbour x2 upsampling convs conv_up1/conv_up2 (conv_up3 for x8),
/// conv_hr, conv_last. Scales 1 and 2 pixel-unshuffle the input first (conv_first sees 16 or 4 times the channels).
/// The 2018 code's key families (model.N, RRDB_trunk) are renamed to these by KeyFamilies.
/// </summary>
internal sealed class RrdbNetArchitecture : Architecture
{
    public override string Name => "RRDBNet";
    public override NetworkRole Role => NetworkRole.Generator;
    public override IReadOnlyList<(string Key, int Value)> Defaults { get; } =
        [("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 64), ("num_block", 23), ("num_grow_ch", 32)];
    public override string DerivedOption => "scale";
    public override string KeySummary =>
        "conv_first, body.{i}.rdb{k}.conv{j}, conv_body, conv_up1, conv_up2, conv_hr, conv_last; or ESRGAN's model.N / RRDB_trunk names";

    public override Module Create(ModelSpec s) =>
        new RrdbNet(s["num_in_ch"], s["num_out_ch"], s["scale"], s["num_feat"], s["num_block"], s["num_grow_ch"]);

    public override void Layout(StateLayout l, ModelSpec s)
    {
        int nf = s["num_feat"], gc = s["num_grow_ch"], scale = s["scale"];
        int unshuffle = scale switch { 1 => 4, 2 => 2, 4 or 8 => 1, _ => throw new ArgumentException($"RRDBNet scale {scale} is not 1, 2, 4 or 8") };
        l.Conv("conv_first", nf, s["num_in_ch"] * unshuffle * unshuffle);
        for (int i = 0; i < s["num_block"]; i++)
            for (int k = 1; k <= 3; k++)
                for (int j = 1; j <= 5; j++)
                    l.Conv($"body.{i}.rdb{k}.conv{j}", j == 5 ? nf : gc, nf + (j - 1) * gc);
        l.Conv("conv_body", nf, nf);
        for (int u = 1; u <= (scale == 8 ? 3 : 2); u++) l.Conv($"conv_up{u}", nf, nf);
        l.Conv("conv_hr", nf, nf);
        l.Conv("conv_last", s["num_out_ch"], nf);
    }

    public override bool Recognises(StateDict w) => w.Contains("body.0.rdb1.conv1.weight");

    public override ModelSpec Detect(StateDict w, string source)
    {
        int nf = Dim(w, "conv_first.weight", 0, source), inCh = Dim(w, "conv_first.weight", 1, source);
        int outCh = Dim(w, "conv_last.weight", 0, source);
        int ups = Count(w, i => $"conv_up{i + 1}.weight");
        (int numIn, int scale) = ups == 3 ? (inCh, 8)
            : inCh == outCh * 16 ? (outCh, 1)
            : inCh == outCh * 4 ? (outCh, 2)
            : (inCh, 4);
        return Spec(("num_in_ch", numIn), ("num_out_ch", outCh), ("num_feat", nf),
            ("num_block", Count(w, i => $"body.{i}.rdb1.conv1.weight")), ("num_grow_ch", Dim(w, "body.0.rdb1.conv1.weight", 0, source)), ("scale", scale));
    }

    /// <summary>
    /// BasicSR: the convolutions of every residual dense block Kaiming-normal times 0.1 with zero bias (ESRGAN
    /// supplement Sec. 2); every other layer keeps PyTorch's default.
    /// </summary>
    public override void Initialize(Module network, Random random) =>
        Initialization.PyTorchDefault(network, random, scaledKaiming: m => m is ResidualDenseBlock);
}
