using Esrgan.Engine;
using Esrgan.Formats.Numpy;
using Esrgan.Tests.Engine;

namespace Esrgan.Tests.Models;

/// <summary>The fixtures of tools/fixtures/make_model_fixtures.py: formula inputs, stored outputs, sampled large gradients.</summary>
internal static class ModelFixtures
{
    public static Dictionary<string, NpyArray> Load(string name) => NpyArray.ReadNpz(TestPaths.Fixtures("Models", name + ".npz"));

    public static Tensor Input(Dictionary<string, NpyArray> d) =>
        Golden.Formula("x", Array.ConvertAll(d["x_shape"].Values, v => (int)v));

    /// <summary>The upstream gradient the script used for an output of this shape.</summary>
    public static Tensor UpstreamGradient(string name, Tensor output) => Golden.Formula(name, [output.N, output.C, output.H, output.W]);

    /// <summary>Compares every k-th value when the script stored only those (k under "stride.{key}").</summary>
    public static void CloseSampled(ReadOnlySpan<float> actual, Dictionary<string, NpyArray> d, string key, double tolerance, string what,
        double minScale = 1e-12)
    {
        int stride = d.TryGetValue("stride." + key, out var s) ? (int)s.Values[0] : 1;
        var sample = new float[(actual.Length + stride - 1) / stride];
        for (int i = 0; i < sample.Length; i++) sample[i] = actual[i * stride];
        Golden.Close(sample, d[key], tolerance, what, minScale);
    }

    /// <summary>
    /// The scale below which a parameter gradient is measured against the network's gradients rather than its own:
    /// sums that cancel (a conv bias before batch norm has gradient exactly 0) keep the rounding of their terms.
    /// </summary>
    public static double GradientFloor(Dictionary<string, NpyArray> d) =>
        1e-3 * d.Where(kv => kv.Key.StartsWith("grad.", StringComparison.Ordinal)).Max(kv => kv.Value.Values.Max(Math.Abs));
}
