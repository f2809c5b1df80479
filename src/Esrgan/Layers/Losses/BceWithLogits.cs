using Esrgan.Engine;

namespace Esrgan.Layers.Losses;

/// <summary>nn.BCEWithLogitsLoss (mean reduction) in its numerically stable form.</summary>
internal static class BceWithLogits
{
    /// <summary>Loss of logits against one target value for all (1 real, 0 fake).</summary>
    public static LossResult Compute(Tensor logits, float target, float weight = 1f)
    {
        if (logits.Layout.PaddedChannels(logits.C) != logits.C)
            throw new ArgumentException($"BCE needs an unpadded layout, got {logits.ShapeString}");
        var gradient = Tensor.Empty(logits.N, logits.C, logits.H, logits.W, logits.Layout);
        long count = logits.LogicalLength;
        Span<float> x = logits.Span, g = gradient.Span;
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            sum += Math.Max(v, 0) - v * target + Math.Log(1 + Math.Exp(-Math.Abs(v)));
            g[i] = (float)((1 / (1 + Math.Exp(-v)) - target) * weight / count);
        }
        return new LossResult(weight * sum / count, gradient);
    }
}
