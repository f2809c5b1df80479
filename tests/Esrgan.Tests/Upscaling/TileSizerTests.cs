using Esrgan.Engine;
using Esrgan.Engine.Cpu;
using Esrgan.Layers;
using Esrgan.Models;
using Esrgan.Tests.Layers;
using Esrgan.Upscaling;
using Xunit;

namespace Esrgan.Tests.Upscaling;

/// <summary>
/// Tile sizes from the architecture: an upper bound of the activations a forward really holds, and no probe run. The
/// measurement reads the process-wide native byte counts, so no other test may run meanwhile.
/// </summary>
[Collection(NativeMemoryCollection.Name)]
public class TileSizerTests
{
    [Fact]
    public void ArchitectureEstimateBoundsTheMeasuredActivationsWithoutRunningTheNetwork()
    {
        // Direct kernels: Winograd scratch memory is bounded separately from the per-pixel estimate.
        RrdbNet net;
        using (Backend.Scoped(new CpuKernels(ConvolutionAlgorithm.Direct))) net = new RrdbNet(numFeat: 64, numBlock: 1, numGrowCh: 32);
        using var owned = net;
        Init.KaimingNormal(net, new Random(1), 0.1f);
        net.Eval();
        var runner = new NetworkRunner(net);
        long before = NativeBuffer.CreatedOnThread;
        double estimate = new TileSizer(runner, 1L << 30, 0).ActivationBytesPerPixel();
        Assert.Equal(before, NativeBuffer.CreatedOnThread);

        const int side = 40;
        var input = new float[side * side * 3];
        runner.Run(new PixelWindow(input, 0, side * 3, 3), 3, side, side).Dispose();
        Backend.Current.ReleaseWorkspace();
        long live = NativeBuffer.LiveBytes;
        NativeBuffer.ResetPeak();
        runner.Run(new PixelWindow(input, 0, side * 3, 3), 3, side, side).Dispose();
        double measured = (NativeBuffer.PeakBytes - live) / (double)(side * side);
        Assert.InRange(measured, 0.5 * estimate, estimate);
    }

    [Fact]
    public void TheSampleSizeRunsUntiledWithTheDefaultBudgetOfABigMachine()
    {
        using var net = new RrdbNet(numFeat: 64, numBlock: 1, numGrowCh: 32);
        var runner = new NetworkRunner(net);
        Assert.True(new TileSizer(runner, 2L << 30, 32).For(192, 3) >= 192);
        Assert.True(new TileSizer(runner, 400L << 20, 32).For(192, 3) < 192);
        Assert.True(TileSizer.DefaultBudgetBytes() >= 512L << 20);
    }
}
