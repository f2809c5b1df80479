using Esrgan.Upscaling;
using Xunit;

namespace Esrgan.Tests.Upscaling;

public class DihedralTests
{
    [Fact]
    public void InvertUndoesEachOfTheEightTransforms()
    {
        int h = 3, w = 5, c = 2;
        var src = Enumerable.Range(0, h * w * c).Select(i => (float)i).ToArray();
        var seen = new HashSet<string>();
        for (int k = 0; k < 8; k++)
        {
            var (t, th, tw) = Dihedral.Apply(src, h, w, c, k);
            Assert.Equal(k >= 4 ? (w, h) : (h, w), (th, tw));
            seen.Add(string.Join(",", t));
            Assert.Equal(src, Dihedral.Invert(t, th, tw, c, k));
        }
        Assert.Equal(8, seen.Count);
    }
}
