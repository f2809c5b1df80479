using Esrgan.Formats;
using Esrgan.Formats.Numpy;
using Xunit;

namespace Esrgan.Tests.Formats;

/// <summary>Paths of the committed format fixtures and exact comparison with the values PyTorch saved beside them.</summary>
internal static class FormatFixtures
{
    public static string Path(string name) => TestPaths.Fixtures("Formats", name);

    /// <summary>Every expected array must be present with the same shape and bit-identical fp32 values.</summary>
    public static void AssertEqualsExpected(StateDict actual, string expectedNpz, bool exactKeySet = true)
    {
        var expected = NpyArray.ReadNpz(Path(expectedNpz));
        if (exactKeySet) Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, array) in expected)
        {
            var tensor = actual[name];
            Assert.Equal(array.Shape, tensor.Shape);
            float[] want = array.ToFloat();
            for (int i = 0; i < want.Length; i++)
                if (BitConverter.SingleToInt32Bits(want[i]) != BitConverter.SingleToInt32Bits(tensor.Data[i]))
                    Assert.Fail($"{name}[{i}]: expected {want[i]:R}, got {tensor.Data[i]:R}");
        }
    }

    public static ModelSpec Spec(string type, params (string, int)[] options) => new(type, options.ToDictionary(o => o.Item1, o => o.Item2));

    public static readonly ModelSpec TinyRrdbX4 = Spec("RRDBNet",
        ("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 8), ("num_block", 1), ("num_grow_ch", 4), ("scale", 4));

    public static readonly ModelSpec TinySrvgg = Spec("SRVGGNetCompact",
        ("num_in_ch", 3), ("num_out_ch", 3), ("num_feat", 4), ("num_conv", 2), ("upscale", 4));

    /// <summary>A copy of a fixture in a fresh temporary folder, cut to its first <paramref name="keep"/> bytes.</summary>
    public static string TruncatedCopy(string name, double keep)
    {
        string dir = Directory.CreateTempSubdirectory("esrgan-formats-").FullName;
        byte[] bytes = File.ReadAllBytes(Path(name));
        string target = System.IO.Path.Combine(dir, name);
        File.WriteAllBytes(target, bytes[..(int)(bytes.Length * keep)]);
        return target;
    }
}
