using Esrgan.Engine;
using Esrgan.Formats.Numpy;
using Esrgan.Layers;
using Xunit;

namespace Esrgan.Tests.Engine;

/// <summary>Loads the PyTorch fixtures made by tools/fixtures/make_engine_fixtures.py and compares against them.</summary>
internal static class Golden
{
    public static Dictionary<string, NpyArray> Load(string name) => NpyArray.ReadNpz(TestPaths.Fixtures("Engine", name + ".npz"));

    public static Tensor Input(NpyArray array, TensorLayout layout)
    {
        using var plain = Tensor.FromHost(new HostTensor(Shape4(array), array.ToFloat()));
        if (layout.IsPlain) return plain.Share();
        var t = Tensor.Empty(plain.N, plain.C, plain.H, plain.W, layout);
        Backend.Current.Reorder(plain, t);
        return t;
    }

    private static int[] Shape4(NpyArray a) => a.Shape.Length == 4 ? a.Shape : throw new ArgumentException("expected a 4-D array");

    /// <summary>max |actual - expected| / max(max |expected|, minScale) must not exceed the tolerance.</summary>
    public static void Close(ReadOnlySpan<float> actual, NpyArray expected, double tolerance, string what, double minScale = 1e-12) =>
        Close(actual, expected.Values, tolerance, what, minScale);

    public static void Close(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double tolerance, string what, double minScale = 1e-12)
    {
        Assert.True(actual.Length == expected.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        double maxErr = 0, scale = minScale;
        for (int i = 0; i < actual.Length; i++)
        {
            maxErr = Math.Max(maxErr, Math.Abs(actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        Assert.True(maxErr / scale <= tolerance, $"{what}: max error {maxErr:G4} relative {maxErr / scale:G4} > {tolerance:G2}");
    }

    public static void Close(Tensor actual, NpyArray expected, double tolerance, string what) =>
        Close(actual.ToHost().Data, expected, tolerance, what);

    public static void LoadParameters(Module module, Dictionary<string, NpyArray> data, string prefix = "param.")
    {
        foreach (var (name, p) in module.NamedParameters())
        {
            data[prefix + name].ToFloat().CopyTo(p.Values, 0);
            p.MarkChanged();
        }
    }

    /// <summary>The fixture scripts' weight formula: parameters of more than one dimension get amplitude sqrt(3 / fan-in), others 0.1.</summary>
    public static void FillByFormula(Module module)
    {
        foreach (var (name, p) in module.NamedParameters())
        {
            double amplitude = p.Shape.Length > 1 ? Math.Sqrt(3.0 / (p.Values.Length / p.Shape[0])) : 0.1;
            Formula(name, p.Values, amplitude);
            p.MarkChanged();
        }
    }

    /// <summary>The fixture scripts' formula: frac(i * phi + offset(name)) * 2 - 1, times an amplitude.</summary>
    public static void Formula(string name, Span<float> values, double amplitude)
    {
        const double phi = 0.6180339887498949;
        double offset = name.Sum(c => (int)c) * 0.001 % 1.0;
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(((i * phi + offset) % 1.0 * 2.0 - 1.0) * amplitude);
    }

    /// <summary>A plain tensor filled by <see cref="Formula(string, Span{float}, double)"/>.</summary>
    public static Tensor Formula(string name, int[] shape, double amplitude = 1.0)
    {
        var host = new HostTensor(shape);
        Formula(name, host.Data, amplitude);
        return Tensor.FromHost(host);
    }

    public static TensorLayout[] Layouts => [TensorLayout.Plain, Backend.Current.ActivationLayout];
}
