using Esrgan.Engine;

namespace Esrgan.Layers.Losses;

/// <summary>A loss value (mean reduction, times the weight) and its gradient with respect to the prediction.</summary>
internal sealed class LossResult(double value, Tensor gradient) : IDisposable
{
    public double Value { get; } = value;
    public Tensor Gradient { get; } = gradient;
    public void Dispose() => Gradient.Dispose();
}
