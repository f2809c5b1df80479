using Esrgan.Upscaling;
using Xunit;

namespace Esrgan.Tests.Upscaling;

public class DihedralTests
{
    [Fact]
    public void TargetUndoesEachOfTheEightTransforms()
    {
        int h = 3, w = 5;
        var seen = new HashSet<string>();
        for (int k = 0; k < 8; k++)
        {
            var (th, tw) = Dihedral.Size(k, h, w);
            Assert.Equal(k >= 4 ? (w, h) : (h, w), (th, tw));
            var shown = new List<(int, int)>();
            for (int y = 0; y < th; y++)
                for (int x = 0; x < tw; x++)
                {
                    var (sy, sx) = Dihedral.Source(k, y, x, th, tw);
                    Assert.InRange(sy, 0, h - 1);
                    Assert.InRange(sx, 0, w - 1);
                    Assert.Equal((y, x), Dihedral.Target(k, sy, sx, th, tw));
                    shown.Add((sy, sx));
                }
            Assert.Equal(h * w, shown.Distinct().Count());
            seen.Add(string.Join(",", shown));
        }
        Assert.Equal(8, seen.Count);
    }

    [Fact]
    public void TransposeThenFlipsAsDocumented()
    {
        // k = 7 transposes a 2 x 3 image to 3 x 2, then flips both ways: its top-left pixel shows the original's bottom-right.
        Assert.Equal((1, 2), Dihedral.Source(7, 0, 0, 3, 2));
        // k = 1 mirrors each row.
        Assert.Equal((0, 2), Dihedral.Source(1, 0, 0, 2, 3));
        // k = 6 transposes (row 0 is the original's column 0), then flips vertically: its top row is the original's last column.
        Assert.Equal((0, 2), Dihedral.Source(6, 0, 0, 3, 2));
        Assert.Equal((1, 2), Dihedral.Source(6, 0, 1, 3, 2));
    }
}
