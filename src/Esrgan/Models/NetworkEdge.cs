using Esrgan.Engine;
using Esrgan.Layers;

namespace Esrgan.Models;

/// <summary>What generators do where the plain NCHW image meets their blocked feature maps.</summary>
internal static class NetworkEdge
{
    /// <summary>A plain copy of <paramref name="features"/>, which is disposed.</summary>
    public static Tensor ToPlain(Tensor features)
    {
        using (features)
        {
            var output = Tensor.Empty(features.N, features.C, features.H, features.W, TensorLayout.Plain);
            Backend.Current.Reorder(features, output);
            return output;
        }
    }

    /// <summary>Runs the steps' backward passes in reverse order on the gradient, first brought into the activation layout.</summary>
    public static Tensor BackwardThrough(Tensor gradOutput, IEnumerable<Module> steps)
    {
        using var blocked = TensorOps.InLayout(gradOutput, Backend.Current.ActivationLayout);
        return Sequential.Chain(blocked, steps.Reverse(), (m, t) => m.Backward(t));
    }

    /// <summary>steps(input) in plain layout plus the upsampled image, for generators that learn only the residual.</summary>
    public static Tensor ForwardPlusImage(Tensor input, IReadOnlyList<Module> steps, Module upsampleImage)
    {
        var output = ToPlain(Sequential.Chain(input, steps, (m, t) => m.Forward(t)));
        using var image = upsampleImage.Forward(input);
        TensorOps.AddInto(output, image);
        return output;
    }

    public static Tensor BackwardPlusImage(Tensor gradOutput, IReadOnlyList<Module> steps, Module upsampleImage)
    {
        var gradInput = BackwardThrough(gradOutput, steps);
        using var throughImage = upsampleImage.Backward(gradOutput);
        TensorOps.AddInto(gradInput, throughImage);
        return gradInput;
    }
}
