using Esrgan.Engine;
using Esrgan.Layers;
using Esrgan.Models;
using Esrgan.Tests.Engine;
using Esrgan.Training;
using Esrgan.Training.Data;
using Esrgan.Training.Distributed;
using Esrgan.Training.Losses;
using Esrgan.Training.Optimizers;
using Esrgan.Training.Options;
using Xunit;

namespace Esrgan.Tests.Layers;

/// <summary>Tests that read the process-wide count of live native bytes, so nothing else may allocate meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeMemoryCollection
{
    public const string Name = "native memory";
}

[Collection(NativeMemoryCollection.Name)]
public class NativeMemoryTests
{
    /// <summary>Frees what earlier tests left to the collector, so it cannot fall due in the middle of a measurement.</summary>
    private static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return NativeBuffer.LiveBytes;
    }

    private sealed class Gan : IDisposable
    {
        public readonly RrdbNet Generator = new(3, 3, 4, 8, 1, 8);
        public readonly VggStyleDiscriminator Discriminator = new(3, 4, 128);
        public readonly GeneratorObjective Objective;
        public readonly GanStep Step;

        public Gan()
        {
            Golden.FillByFormula(Generator);
            Golden.FillByFormula(Discriminator);
            var vgg = new Vgg19FeatureExtractor(["conv2_2"]).WithRandomWeights(new Random(1));
            var perceptual = new PerceptualLossOptions(new Dictionary<string, double> { ["conv2_2"] = 1 }, PixelCriterion.L1, 1, true, false, null, true);
            Objective = new GeneratorObjective(new PixelLossOptions(PixelCriterion.L1, 1e-2), new PerceptualLoss(perceptual, vgg), "l_g_");
            Step = new GanStep(Generator, Discriminator, new Adam(Generator.Parameters(), 1e-4), new Adam(Discriminator.Parameters(), 1e-4),
                Objective, new RelativisticAverageGanLoss(new GanLossOptions(5e-3, 1, 0)), null, 1, 0, LocalGradients.Instance);
        }

        public void Run(long iteration)
        {
            var lq = new HostTensor([1, 3, 32, 32]);
            var gt = new HostTensor([1, 3, 128, 128]);
            Golden.Formula("lq", lq.Data, 0.5);
            Golden.Formula("gt", gt.Data, 0.5);
            Step.Run(new TrainingBatch(iteration, lq, gt), iteration);
        }

        public void Dispose()
        {
            Generator.Dispose();
            Discriminator.Dispose();
            Objective.Dispose();
        }
    }

    [Fact]
    public void GanStepReturnsLiveNativeBytesToTheBaseline()
    {
        using (var warm = new Gan()) warm.Run(1);
        long beforeNetworks = Settled();
        using (var gan = new Gan())
        {
            gan.Run(1);
            long afterFirstStep = NativeBuffer.LiveBytes;
            gan.Run(2);
            Assert.Equal(afterFirstStep, NativeBuffer.LiveBytes);
        }
        Assert.Equal(beforeNetworks, NativeBuffer.LiveBytes);
    }

    [Fact]
    public void ForwardAndBackwardKeepNothingAfterBackward()
    {
        using var net = new RrdbNet(3, 3, 2, 8, 1, 8);
        Golden.FillByFormula(net);
        var host = new HostTensor([1, 3, 16, 16]);
        Golden.Formula("x", host.Data, 0.5);
        using var x = Tensor.FromHost(host);
        // The first pass makes the kernels' lasting buffers (converted weights, weight-gradient scratch).
        PassChecking(net, x, long.MinValue);
        long baseline = Settled();
        PassChecking(net, x, baseline);
        Assert.Equal(baseline, NativeBuffer.LiveBytes);
    }

    private static void PassChecking(Module net, Tensor x, long baseline)
    {
        using var y = net.Forward(x);
        Assert.True(NativeBuffer.LiveBytes > baseline + y.PhysicalLength * sizeof(float), "forward keeps its activations for backward");
        using var g = Tensor.Zeros(y.N, y.C, y.H, y.W, y.Layout);
        using (net.Backward(g)) { }
    }

    [Fact]
    public void AForgottenTensorIsFreedByTheCollector()
    {
        long baseline = Settled();
        Forget();
        Assert.True(NativeBuffer.LiveBytes > baseline);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(baseline, NativeBuffer.LiveBytes);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static void Forget() => Tensor.Zeros(1, 3, 64, 64, TensorLayout.Plain);
    }
}
