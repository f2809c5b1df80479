using Esrgan.Engine;
using Esrgan.Layers;
using Esrgan.Training.Data;
using Esrgan.Training.Distributed;
using Esrgan.Training.Optimizers;

namespace Esrgan.Training;

/// <summary>
/// BasicSR's SRModel iteration: sr = G(lq), content losses against gt, backward, gradients synchronised (averaged over
/// ranks), Adam step, then the weight average.
/// </summary>
public sealed class PixelStep(Module generator, Adam optimizer, GeneratorObjective objective, WeightAverage? average,
    IGradientSynchronizer gradients) : ITrainingStep
{
    public LossTerms Run(TrainingBatch batch, long iteration)
    {
        var terms = new LossTerms();
        optimizer.ZeroGrad();
        using var lq = Tensor.FromHost(batch.Lq);
        using var gt = Tensor.FromHost(batch.Gt);
        using var sr = generator.Forward(lq);
        using var gradient = objective.Compute(sr, gt, terms) ?? throw new InvalidOperationException("no pixel or perceptual loss is configured");
        terms.EnsureFinite(iteration, "generator step");
        using (generator.Backward(gradient)) { }
        gradients.Synchronize(optimizer.Parameters);
        optimizer.StepOnce();
        average?.Update();
        return terms;
    }
}
