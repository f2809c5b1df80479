using Esrgan.Engine;
using Esrgan.Engine.Cpu;
using Esrgan.Layers;
using Xunit;

namespace Esrgan.Tests.Engine;

/// <summary>A convolution's training pass at a shape seen before converts each weight layout once and allocates nothing.</summary>
public class TrainingStepAllocationTests
{
    [Fact]
    public void SteadyStateConvolutionPassAllocatesNothingAndConvertsWeightsOncePerLayout()
    {
        var layout = Backend.Current.ActivationLayout;
        using var conv = new Conv2d(32, 32, 3);
        Init.KaimingNormal(conv, new Random(1), 0.1f);
        using var x = Tensor.Zeros(2, 32, 16, 16, layout);
        using var y = Tensor.Zeros(2, 32, 16, 16, layout);
        using var dy = Tensor.Zeros(2, 32, 16, 16, layout);
        using var dx = Tensor.Zeros(2, 32, 16, 16, layout);
        x.Span.Fill(0.5f);
        dy.Span.Fill(0.25f);

        void Step()
        {
            // What an optimiser step does to the parameters, then a residual-scaled forward (scale folded into the
            // converted weights and bias) and both backward passes.
            conv.Weight.MarkChanged();
            conv.Bias!.MarkChanged();
            conv.ForwardInto(x, y, outputScale: 0.2f, accumulate: true);
            conv.BackwardInto(x, null, dy, dx);
        }

        Step();
        Step();
        long managed = GC.GetAllocatedBytesForCurrentThread();
        long buffers = NativeBuffer.CreatedOnThread;
        long conversions = DnnlConvolution.WeightConversionsOnThread;
        Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - managed);
        Assert.Equal(0, NativeBuffer.CreatedOnThread - buffers);
        // One layout for the scaled forward kernel and one for the backward-data kernel.
        Assert.Equal(2, DnnlConvolution.WeightConversionsOnThread - conversions);
    }
}
