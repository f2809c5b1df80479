using Esrgan.Training.Options;

namespace Esrgan.Training.Losses;

/// <summary>
/// The GAN objective on discriminator logits: the generator's term (gradient with respect to the fake logits; real
/// logits are detached) and the discriminator's two halves, each with the other side's logits detached.
/// </summary>
internal abstract class AdversarialLoss(GanLossOptions options)
{
    protected double Weight => options.Weight;
    protected double RealLabel => options.RealLabel;
    protected double FakeLabel => options.FakeLabel;

    /// <summary>Whether each side's term needs the other side's logits (the relativistic average GAN).</summary>
    public abstract bool Relativistic { get; }

    public abstract LogitLoss Generator(ReadOnlySpan<float> real, ReadOnlySpan<float> fake);

    public abstract LogitLoss DiscriminatorReal(ReadOnlySpan<float> real, ReadOnlySpan<float> fake);

    public abstract LogitLoss DiscriminatorFake(ReadOnlySpan<float> fake, ReadOnlySpan<float> real);

    public static AdversarialLoss Create(TrainingMode mode, GanLossOptions options) => mode switch
    {
        TrainingMode.EsrGan => new RelativisticAverageGanLoss(options),
        TrainingMode.SrGan => new StandardGanLoss(options),
        _ => throw new ArgumentException($"{mode} training has no adversarial loss"),
    };
}
