using Esrgan.Layers;
using Esrgan.Upscaling;
using Xunit;

namespace Esrgan.Tests.Upscaling;

/// <summary>A tile goes into the network and comes out into the output band without tile-sized managed copies.</summary>
public class TileAllocationTests
{
    /// <remarks>The network is two nearest upsamplings, whose forward allocates only a few small objects.</remarks>
    [Theory]
    [InlineData(3, AlphaMode.Model, false)]
    [InlineData(1, AlphaMode.Model, false)]
    [InlineData(4, AlphaMode.Model, false)]
    [InlineData(4, AlphaMode.Bicubic, false)]
    [InlineData(3, AlphaMode.Model, true)]
    public void ASteadyStateTileAllocatesFarLessThanItsResult(int channels, AlphaMode alpha, bool blend)
    {
        using var net = new TilingTests.UpsampleOnly(new Sequential(new UpsampleNearest(), new UpsampleNearest()));
        using var other = new TilingTests.UpsampleOnly(new Sequential(new UpsampleNearest(), new UpsampleNearest()));
        const int tile = 40, pad = 4;
        var upscaler = new TileUpscaler(net, new UpscalerOptions { TileSize = tile, TilePad = pad, Alpha = alpha }, blend ? other : null, 0.25f);
        var input = TilingTests.Pattern(4 * tile, 2 * tile, channels);
        upscaler.Upscale(input);

        // Tiles 1 and 2 of a row have the same padded size; so do tiles 5 and 6: their deltas are steady-state tiles.
        var marks = new List<long>();
        upscaler.Upscale(input, () => marks.Add(GC.GetAllocatedBytesForCurrentThread()), CancellationToken.None);
        long perTile = Math.Max(marks[2] - marks[1], marks[6] - marks[5]);
        long paddedResultBytes = (long)(tile + 2 * pad) * 4 * (tile + 2 * pad) * 4 * 3 * sizeof(float);
        Assert.True(perTile < paddedResultBytes / 8, $"a tile allocated {perTile:N0} bytes; its padded result is {paddedResultBytes:N0}");
    }
}
