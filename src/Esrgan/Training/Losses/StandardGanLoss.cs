using Esrgan.Training.Options;

namespace Esrgan.Training.Losses;

/// <summary>SRGAN's GAN (BasicSR SRGANModel): generator w * BCE(C(fake), real label); discriminator BCE(C(real), real) and BCE(C(fake), fake).</summary>
internal sealed class StandardGanLoss(GanLossOptions options) : AdversarialLoss(options)
{
    public override bool Relativistic => false;

    public override LogitLoss Generator(ReadOnlySpan<float> real, ReadOnlySpan<float> fake) => LogitLoss.Bce(fake, 0, RealLabel, Weight);

    public override LogitLoss DiscriminatorReal(ReadOnlySpan<float> real, ReadOnlySpan<float> fake) => LogitLoss.Bce(real, 0, RealLabel, 1);

    public override LogitLoss DiscriminatorFake(ReadOnlySpan<float> fake, ReadOnlySpan<float> real) => LogitLoss.Bce(fake, 0, FakeLabel, 1);
}
