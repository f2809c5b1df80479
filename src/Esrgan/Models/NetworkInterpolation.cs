using Esrgan.Engine;
using Esrgan.Formats;

namespace Esrgan.Models;

/// <summary>ESRGAN's network interpolation (Eq. 4): theta = (1 - alpha) * theta_PSNR + alpha * theta_GAN, key by key.</summary>
internal static class NetworkInterpolation
{
    public static StateDict Interpolate(LoadedModel psnr, LoadedModel gan, double alpha, string psnrName, string ganName)
    {
        if (!psnr.Spec.Equals(gan.Spec))
            throw new ArgumentException($"cannot interpolate {psnrName} ({psnr.Spec}) with {ganName} ({gan.Spec}): the architectures differ");
        var result = new StateDict();
        foreach (var (key, a) in psnr.Weights)
        {
            if (!gan.Weights.TryGet(key, out var b) || !b.ShapeEquals(a.Shape))
                throw new ArgumentException($"cannot interpolate {psnrName} with {ganName}: tensor {key} is missing or has another shape");
            var mixed = new HostTensor((int[])a.Shape.Clone());
            for (long i = 0; i < a.Length; i++) mixed.Data[i] = (float)((1 - alpha) * a.Data[i] + alpha * b.Data[i]);
            result.Add(key, mixed);
        }
        return result;
    }
}
