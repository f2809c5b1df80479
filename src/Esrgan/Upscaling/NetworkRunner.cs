using Esrgan.Engine;
using Esrgan.Imaging;
using Esrgan.Layers;
using Esrgan.Models;

namespace Esrgan.Upscaling;

/// <summary>Runs a generator on an HWC crop of its input channels, padding the crop to the size multiple it needs.</summary>
internal sealed class NetworkRunner(Module network)
{
    public Module Network { get; } = network;
    public IUpscalingNetwork Shape { get; } = network as IUpscalingNetwork
        ?? throw new ArgumentException($"{network.GetType().Name} is not an upscaling network");

    public int Scale => Shape.Scale;

    /// <summary>What the convolutions compute in (see <see cref="ComputePrecision"/>).</summary>
    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary>Upscales an HWC crop (Shape.InChannels channels) to an HWC result Scale times larger.</summary>
    public float[] Run(float[] hwc, int height, int width)
    {
        var input = PlanarImage.ToTensor(hwc, height, width, Shape.InChannels, Shape.SizeMultiple);
        HostTensor output;
        using (GradMode.Disable())
        using (ComputePrecision.Use(Precision))
        using (var t = Tensor.FromHost(input))
        using (var result = Network.Forward(t))
            output = result.ToHost();
        return PlanarImage.ToInterleaved(output, height * Scale, width * Scale);
    }

    /// <summary>x8 self-ensemble: the mean of the results for all flips and transposes of the crop.</summary>
    public float[] RunEnsemble(float[] hwc, int height, int width)
    {
        int oc = Shape.OutChannels;
        float[]? sum = null;
        for (int k = 0; k < 8; k++)
        {
            var (t, th, tw) = Dihedral.Apply(hwc, height, width, Shape.InChannels, k);
            var restored = Dihedral.Invert(Run(t, th, tw), th * Scale, tw * Scale, oc, k);
            if (sum == null) sum = restored;
            else System.Numerics.Tensors.TensorPrimitives.Add(sum, restored, sum);
        }
        System.Numerics.Tensors.TensorPrimitives.Multiply(sum!, 1f / 8, sum!);
        return sum!;
    }
}
