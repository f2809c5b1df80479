using Esrgan.Engine;
using Esrgan.Layers;
using Esrgan.Models;

namespace Esrgan.Upscaling;

/// <summary>Runs a generator on a crop of its input channels, padding the crop to the size multiple it needs.</summary>
internal sealed class NetworkRunner(Module network)
{
    public Module Network { get; } = network;
    public IUpscalingNetwork Shape { get; } = network as IUpscalingNetwork
        ?? throw new ArgumentException($"{network.GetType().Name} is not an upscaling network");

    public int Scale => Shape.Scale;

    /// <summary>What the convolutions compute in (see <see cref="ComputePrecision"/>).</summary>
    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary>
    /// The network's result for the crop's <paramref name="channels"/> (1 or 3) after Dihedral transform
    /// <paramref name="transform"/>: Shape.OutChannels planes whose top-left part is the transformed crop upscaled
    /// (beyond it lies the padding to the size multiple).
    /// </summary>
    public Tensor Run(PixelWindow crop, int channels, int height, int width, int transform = 0)
    {
        using var input = TileTensors.Input(crop, channels, height, width, Shape.InChannels, Shape.SizeMultiple, transform);
        using (GradMode.Disable())
        using (ComputePrecision.Use(Precision))
            return Network.Forward(input);
    }

    /// <summary>x8 self-ensemble: the mean of the results for all flips and transposes of the crop, exactly the crop's size upscaled.</summary>
    public Tensor RunEnsemble(PixelWindow crop, int channels, int height, int width)
    {
        var sum = Tensor.Empty(1, Shape.OutChannels, height * Scale, width * Scale, TensorLayout.Plain);
        try
        {
            for (int k = 0; k < 8; k++)
            {
                using var result = Run(crop, channels, height, width, k);
                TileTensors.AddRestored(sum, result, k, first: k == 0);
            }
            System.Numerics.Tensors.TensorPrimitives.Multiply(sum.Span, 1f / 8, sum.Span);
            return sum;
        }
        catch
        {
            sum.Dispose();
            throw;
        }
    }
}
