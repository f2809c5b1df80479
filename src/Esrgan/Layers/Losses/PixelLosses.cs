using Esrgan.Engine;

namespace Esrgan.Layers.Losses;

/// <summary>
/// L1 and MSE with mean reduction over the logical elements, as nn.L1Loss and nn.MSELoss. Prediction and target
/// may be in different layouts; padding channels of blocked layouts are zero in both, so they add nothing.
/// </summary>
internal static unsafe class PixelLosses
{
    public static LossResult L1(Tensor prediction, Tensor target, float weight = 1f) =>
        Compute(prediction, target, weight, (d, count) => Math.Abs(d), (d, scale) => d > 0 ? scale : d < 0 ? -scale : 0f, 1);

    public static LossResult Mse(Tensor prediction, Tensor target, float weight = 1f) =>
        Compute(prediction, target, weight, (d, count) => (double)d * d, (d, scale) => d * scale, 2);

    private static LossResult Compute(Tensor prediction, Tensor target, float weight,
        Func<float, long, double> term, Func<float, float, float> derivative, float derivativeFactor)
    {
        if (!prediction.SameShape(target))
            throw new ArgumentException($"loss between {prediction.ShapeString} and {target.ShapeString}");
        using var t = TensorOps.InLayout(target, prediction.Layout);
        var gradient = Tensor.Empty(prediction.N, prediction.C, prediction.H, prediction.W, prediction.Layout);
        long count = prediction.LogicalLength;
        float scale = derivativeFactor * weight / count;
        Span<float> p = prediction.Span, q = t.Span, g = gradient.Span;
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            float d = p[i] - q[i];
            sum += term(d, count);
            g[i] = derivative(d, scale);
        }
        return new LossResult(weight * sum / count, gradient);
    }
}
