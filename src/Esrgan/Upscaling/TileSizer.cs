using Esrgan.Engine;

namespace Esrgan.Upscaling;

/// <summary>
/// Chooses the largest tile whose activations fit the memory budget, from a measured small probe run. The probe runs
/// twice and only the second is measured, so converted weights and kernel set-up (made once) do not count as activations.
/// </summary>
public static class TileSizer
{
    private const int Probe = 48;

    public static int Choose(NetworkRunner runner, long budgetBytes, int pad)
    {
        var probe = new float[Probe * Probe * runner.Shape.InChannels];
        runner.Run(probe, Probe, Probe);
        long before = NativeBuffer.LiveBytes;
        NativeBuffer.ResetPeak();
        runner.Run(probe, Probe, Probe);
        double perPixel = Math.Max(1, NativeBuffer.PeakBytes - before) / (double)(Probe * Probe);
        int side = (int)Math.Sqrt(budgetBytes / perPixel) - 2 * pad;
        int multiple = Math.Max(8, runner.Shape.SizeMultiple);
        return Math.Max(multiple * 4, side / multiple * multiple);
    }
}
