using Esrgan.Engine;

namespace Esrgan.Upscaling;

/// <summary>
/// Chooses the largest tile whose working memory fits the budget: the network's activations and kernel scratch memory
/// (measured on a small probe, run twice so that converted weights and kernel set-up, made once, do not count; the
/// scratch memory, which grows with the image, is freed before the second run so that it does), the managed copies of a
/// tile's result, and the full-width band of output rows a tile row fills.
/// </summary>
internal sealed class TileSizer(NetworkRunner runner, long budgetBytes, int pad)
{
    private const int Probe = 48;
    private const int MinimumTile = 32;

    /// <summary>Float arrays of a tile's upscaled result that exist at once (tensor, host copy, HWC, blend, result).</summary>
    private const int ResultCopies = 6;

    private double _activationBytesPerPixel = -1;

    public int For(int width, int channels)
    {
        int s = runner.Scale;
        double perPixel = ActivationBytesPerPixel() + ResultCopies * (double)s * s * Math.Max(3, channels) * sizeof(float);
        double bandPerRow = (double)width * s * s * channels * sizeof(float);
        int multiple = Math.Max(8, runner.Shape.SizeMultiple);
        int tile = (int)Math.Sqrt(budgetBytes / perPixel) - 2 * pad;
        while (tile > MinimumTile && perPixel * Math.Pow(tile + 2 * pad, 2) + bandPerRow * tile > budgetBytes) tile -= multiple;
        return Math.Max(MinimumTile, tile / multiple * multiple);
    }

    private double ActivationBytesPerPixel()
    {
        if (_activationBytesPerPixel >= 0) return _activationBytesPerPixel;
        var probe = new float[Probe * Probe * runner.Shape.InChannels];
        runner.Run(probe, Probe, Probe);
        Backend.Current.ReleaseWorkspace();
        long before = NativeBuffer.LiveBytes;
        NativeBuffer.ResetPeak();
        runner.Run(probe, Probe, Probe);
        return _activationBytesPerPixel = Math.Max(1, NativeBuffer.PeakBytes - before) / (double)(Probe * Probe);
    }
}
