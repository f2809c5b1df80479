using Esrgan.Engine;
using Esrgan.Layers;
using Esrgan.Layers.Losses;
using Esrgan.Training.Losses;
using Esrgan.Training.Options;

namespace Esrgan.Training;

/// <summary>
/// The generator's content terms: the pixel loss and the VGG feature loss, with their summed gradient. Terms are
/// named as BasicSR logs them: l_pix and l_percep, or l_g_pix and l_g_percep in GAN training.
/// </summary>
internal sealed class GeneratorObjective(PixelLossOptions? pixel, PerceptualLoss? perceptual, string prefix) : IDisposable
{
    /// <summary>Records the terms and returns d(terms)/d(sr), or null when no content term is configured.</summary>
    public Tensor? Compute(Tensor sr, Tensor gt, LossTerms terms)
    {
        Tensor? gradient = null;
        if (pixel != null)
        {
            var loss = pixel.Criterion == PixelCriterion.L1 ? PixelLosses.L1(sr, gt, (float)pixel.Weight) : PixelLosses.Mse(sr, gt, (float)pixel.Weight);
            terms.Set(prefix + "pix", loss.Value);
            gradient = loss.Gradient;
        }
        if (perceptual != null)
        {
            var (value, grad) = perceptual.Compute(sr, gt);
            terms.Set(prefix + "percep", value);
            gradient = Accumulate(gradient, grad);
        }
        return gradient;
    }

    /// <summary>Adds <paramref name="more"/> into <paramref name="total"/> (or takes it as the total), disposing the spare one.</summary>
    public static Tensor Accumulate(Tensor? total, Tensor more)
    {
        if (total == null) return more;
        TensorOps.AddInto(total, more);
        more.Dispose();
        return total;
    }

    public void Dispose() => perceptual?.Dispose();
}
