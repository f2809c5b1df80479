using Esrgan.Engine;
using Esrgan.Layers;
using Esrgan.Training.Data;
using Esrgan.Training.Distributed;
using Esrgan.Training.Losses;
using Esrgan.Training.Optimizers;

namespace Esrgan.Training;

/// <summary>
/// One SRGAN / ESRGAN iteration in BasicSR's order. G step (D frozen), when iteration % net_d_iters == 0 and past
/// net_d_init_iters: sr = G(lq); content terms plus the adversarial term on D(gt) (no gradient) and D(sr); backward;
/// Adam. D step: the real half on D(gt) against D(sr) detached, backward; the fake half on D(sr detached) against
/// D(gt) detached, backward; Adam. Then the weight average. The relativistic loss runs D on the opposing side
/// once more in each step, as BasicSR does, so batch-norm running statistics see the same batches. Before each Adam
/// step the gradients are synchronised (averaged over ranks; batch-norm statistics stay local, as in DDP without SyncBN).
/// </summary>
internal sealed class GanStep(Module generator, Module discriminator, Adam optimizerG, Adam optimizerD, GeneratorObjective objective,
    AdversarialLoss adversarial, WeightAverage? average, int netDIters, int netDInitIters, IGradientSynchronizer gradients) : ITrainingStep
{
    public LossTerms Run(TrainingBatch batch, long iteration)
    {
        var terms = new LossTerms();
        using var lq = Tensor.FromHost(batch.Lq);
        using var gt = Tensor.FromHost(batch.Gt);
        using var sr = GeneratorPass(lq, gt, iteration, terms);
        DiscriminatorPass(sr, gt, iteration, terms);
        average?.Update();
        return terms;
    }

    /// <summary>Computes G's gradients and steps its optimiser; returns sr.</summary>
    private Tensor GeneratorPass(Tensor lq, Tensor gt, long iteration, LossTerms terms)
    {
        discriminator.Freeze();
        optimizerG.ZeroGrad();
        var sr = generator.Forward(lq);
        try
        {
            if (iteration % netDIters != 0 || iteration <= netDInitIters) return sr;
            var gradient = objective.Compute(sr, gt, terms);
            float[] real = adversarial.Relativistic ? DetachedLogits(gt) : [];
            using (var fakeLogits = discriminator.Forward(sr))
            {
                var gan = adversarial.Generator(real, fakeLogits.Span);
                terms.Set("l_g_gan", gan.Value);
                terms.EnsureFinite(iteration, "generator step");
                using var logitGradient = LogitTensor(gan.Gradient);
                gradient = GeneratorObjective.Accumulate(gradient, discriminator.Backward(logitGradient));
            }
            using (gradient)
            using (generator.Backward(gradient)) { }
            Update(optimizerG);
            return sr;
        }
        catch
        {
            sr.Dispose();
            throw;
        }
        finally
        {
            discriminator.Freeze(false);
        }
    }

    /// <summary>Computes D's gradients on sr (treated as a constant) and gt, and steps its optimiser.</summary>
    private void DiscriminatorPass(Tensor sr, Tensor gt, long iteration, LossTerms terms)
    {
        optimizerD.ZeroGrad();
        float[] fakeDetached = adversarial.Relativistic ? DetachedLogits(sr) : [];
        float[] real;
        using (var realLogits = discriminator.Forward(gt))
        {
            real = realLogits.Span.ToArray();
            var loss = adversarial.DiscriminatorReal(real, fakeDetached);
            terms.Set("l_d_real", loss.Value);
            terms.Set("out_d_real", LogitLoss.Mean(real));
            terms.EnsureFinite(iteration, "discriminator step");
            using var g = LogitTensor(loss.Gradient);
            using (discriminator.Backward(g)) { }
        }
        using (var fakeLogits = discriminator.Forward(sr))
        {
            var loss = adversarial.DiscriminatorFake(fakeLogits.Span, real);
            terms.Set("l_d_fake", loss.Value);
            terms.Set("out_d_fake", LogitLoss.Mean(fakeLogits.Span));
            terms.EnsureFinite(iteration, "discriminator step");
            using var g = LogitTensor(loss.Gradient);
            using (discriminator.Backward(g)) { }
        }
        Update(optimizerD);
    }

    private void Update(Adam optimizer)
    {
        gradients.Synchronize(optimizer.Parameters);
        optimizer.StepOnce();
    }

    /// <summary>D's logits with nothing kept for a backward pass (torch's .detach() of a forward in training mode).</summary>
    private float[] DetachedLogits(Tensor images)
    {
        using var noGrad = GradMode.Disable();
        using var logits = discriminator.Forward(images);
        return logits.Span.ToArray();
    }

    private static Tensor LogitTensor(float[] values) => Tensor.FromHost(new HostTensor([values.Length, 1, 1, 1], values));
}
