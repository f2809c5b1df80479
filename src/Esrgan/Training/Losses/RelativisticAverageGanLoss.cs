using Esrgan.Training.Options;

namespace Esrgan.Training.Losses;

/// <summary>
/// ESRGAN's relativistic average GAN (BasicSR ESRGANModel). Generator:
/// w * (BCE(C(real) - mean C(fake), fake label) + BCE(C(fake) - mean C(real), real label)) / 2, where the first
/// term's gradient reaches the fake logits through their mean. Discriminator:
/// 0.5 * BCE(C(real) - mean C(fake), real label) and 0.5 * BCE(C(fake) - mean C(real), fake label), unweighted.
/// </summary>
internal sealed class RelativisticAverageGanLoss(GanLossOptions options) : AdversarialLoss(options)
{
    public override bool Relativistic => true;

    public override LogitLoss Generator(ReadOnlySpan<float> real, ReadOnlySpan<float> fake)
    {
        var realTerm = LogitLoss.Bce(real, LogitLoss.Mean(fake), FakeLabel, Weight / 2);
        var fakeTerm = LogitLoss.Bce(fake, LogitLoss.Mean(real), RealLabel, Weight / 2);
        double throughMean = realTerm.ShiftGradient / fake.Length;
        var gradient = fakeTerm.Gradient.Select(g => (float)(g + throughMean)).ToArray();
        return new LogitLoss(realTerm.Value + fakeTerm.Value, gradient);
    }

    public override LogitLoss DiscriminatorReal(ReadOnlySpan<float> real, ReadOnlySpan<float> fake) =>
        LogitLoss.Bce(real, LogitLoss.Mean(fake), RealLabel, 0.5);

    public override LogitLoss DiscriminatorFake(ReadOnlySpan<float> fake, ReadOnlySpan<float> real) =>
        LogitLoss.Bce(fake, LogitLoss.Mean(real), FakeLabel, 0.5);
}
