using Esrgan.Engine;
using Esrgan.Engine.Cpu;
using Esrgan.Layers;

namespace Esrgan.Upscaling;

/// <summary>
/// Chooses the largest tile whose working memory fits the budget, from the network's architecture (no probe run).
/// An upscaling network's activations peak at its output resolution (Scale x Scale pixels per input pixel), where at
/// most the input and output of its widest convolution (channels padded to the activation block) and the network's
/// result exist at once, plus the blocks of earlier phases the memory pool may keep beside that peak (its slack);
/// convolution scratch memory is bounded by the Winograd cap. Added to that: the results kept
/// beside a running network (self-ensemble sums, a blend's first result), the full-width band of output rows a tile
/// row fills, and the band of input rows it reads (all that an input read row by row holds of itself).
/// </summary>
internal sealed class TileSizer(NetworkRunner runner, long budgetBytes, int pad)
{
    private const int MinimumTile = 32;

    /// <summary>Channel padding of the blocked activation layout (the widest block a backend uses).</summary>
    private const int ChannelBlock = 16;

    /// <summary>
    /// Results of a tile kept while a network runs: with a blend and the self-ensemble, both networks' ensemble sums.
    /// A tile's result goes from the network's output tensor straight into the band.
    /// </summary>
    private const int KeptResults = 2;

    /// <summary>
    /// The default working memory: half of what the system has available now (MemAvailable on Linux, else what the
    /// runtime sees as available), at least 512 MB.
    /// </summary>
    public static long DefaultBudgetBytes() => Math.Max(512L << 20, AvailableMemoryBytes() / 2);

    private static long AvailableMemoryBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)
                    && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out long kb))
                    return kb * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    public int For(int width, int channels)
    {
        int s = runner.Scale;
        // The memory pool may keep blocks of earlier phases beside a pass's peak, up to its slack.
        double perPixel = ActivationBytesPerPixel() * (1 + NativeMemoryPool.Slack) + KeptResults * (double)s * s * runner.Shape.OutChannels * sizeof(float);
        double bandPerRow = (double)width * s * s * channels * sizeof(float), inputRow = (double)width * channels * sizeof(float);
        long budget = budgetBytes - DnnlConvolution.WinogradMaxScratchpadBytes;
        int multiple = Math.Max(8, runner.Shape.SizeMultiple);
        int tile = (int)Math.Sqrt(Math.Max(0, budget) / perPixel) - 2 * pad;
        while (tile > MinimumTile && perPixel * Math.Pow(tile + 2 * pad, 2) + bandPerRow * tile + inputRow * (tile + 2 * pad) > budget) tile -= multiple;
        return Math.Max(MinimumTile, tile / multiple * multiple);
    }

    /// <summary>Activation bytes per input pixel: the widest convolution's input and output at the output resolution, and the result.</summary>
    internal double ActivationBytesPerPixel()
    {
        int widest = Convolutions(runner.Network).Select(c => Padded(c.Spec.InChannels) + Padded(c.Spec.OutChannels))
            .DefaultIfEmpty(2 * Padded(runner.Shape.InChannels)).Max();
        int s = runner.Scale;
        return ((double)widest + runner.Shape.OutChannels) * s * s * sizeof(float);
    }

    private static int Padded(int channels) => (channels + ChannelBlock - 1) / ChannelBlock * ChannelBlock;

    private static IEnumerable<Conv2d> Convolutions(Module module) =>
        module.Children.SelectMany(c => c.Module is Conv2d conv ? [conv] : Convolutions(c.Module));
}
