namespace Esrgan.Training.Losses;

/// <summary>A loss value on a batch of discriminator logits and its gradient with respect to those logits.</summary>
internal sealed record LogitLoss(double Value, float[] Gradient)
{
    /// <summary>
    /// weight * BCEWithLogits(logits - shift, label), mean over the batch; the gradient is with respect to the
    /// unshifted logits, with the shift held constant (detached).
    /// </summary>
    public static LogitLoss Bce(ReadOnlySpan<float> logits, double shift, double label, double weight)
    {
        int n = logits.Length;
        var gradient = new float[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double x = logits[i] - shift;
            sum += Math.Max(x, 0) - x * label + Math.Log(1 + Math.Exp(-Math.Abs(x)));
            gradient[i] = (float)((1 / (1 + Math.Exp(-x)) - label) * weight / n);
        }
        return new LogitLoss(weight * sum / n, gradient);
    }

    /// <summary>d(loss)/d(shift) for <see cref="Bce"/>: the gradient that flows into the shift, summed over the batch.</summary>
    public double ShiftGradient => -Gradient.Sum(g => (double)g);

    public static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += v;
        return sum / values.Length;
    }
}
