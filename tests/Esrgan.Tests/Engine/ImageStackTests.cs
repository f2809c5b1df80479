using Esrgan.Engine;
using Esrgan.Engine.Cpu;
using Xunit;

namespace Esrgan.Tests.Engine;

/// <summary>A batch stacked into one tall image with zero gap rows convolves exactly as the batch does.</summary>
public class ImageStackTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public void StackAndUnstackRoundTripAndGapsAreZero(int block)
    {
        var layout = new TensorLayout(block);
        var stack = new ImageStack(3, 5, 1);
        Assert.Equal(17, stack.Height);
        using var batch = ConvolutionAlgorithmTests.Filled("batch", 3, 20, 5, 7, layout);
        using var stacked = Tensor.Zeros(1, 20, stack.Height, 7, layout);
        using (var garbage = Tensor.Empty(1, 20, stack.Height, 7, layout))
        {
            garbage.Span.Fill(7f);
            Backend.Current.Reorder(garbage, stacked);
        }
        var k = Backend.Current;
        k.Stack(batch, stacked, stack);
        k.ZeroGaps(stacked, stack);
        var tall = stacked.ToHost();
        var images = batch.ToHost();
        for (int c = 0; c < 20; c++)
            for (int y = 0; y < stack.Height; y++)
                for (int x = 0; x < 7; x++)
                {
                    int n = y / 6, row = y % 6;
                    float expected = row == 5 ? 0f : images.Data[((n * 20 + c) * 5 + row) * 7 + x];
                    Assert.Equal(expected, tall.Data[(c * stack.Height + y) * 7 + x]);
                }
        using var back = Tensor.Empty(3, 20, 5, 7, layout);
        k.Unstack(stacked, stack, back, accumulate: false);
        Assert.Equal(images.Data, back.ToHost().Data);
        k.Unstack(stacked, stack, back, accumulate: true);
        Assert.Equal(images.Data.Select(v => 2 * v), back.ToHost().Data);
    }

    [Fact]
    public void ConvolutionOfTheStackEqualsConvolutionOfTheBatch()
    {
        var spec = new ConvolutionSpec(16, 32, 3, 1, 1, true);
        var layout = Backend.Current.ActivationLayout;
        var (weights, bias) = ConvolutionAlgorithmTests.Parameters(spec);
        var stack = new ImageStack(2, 12, 1);
        using var conv = new DnnlConvolution(spec, ConvolutionAlgorithm.Direct);
        using var x = ConvolutionAlgorithmTests.Filled("x", 2, 16, 12, 10, layout);
        using var y = Tensor.Empty(2, 32, 12, 10, layout);
        conv.Forward(x, weights, bias, y, new ConvEpilogue(0.2f, 1f, false), inference: false);

        var k = Backend.Current;
        using var tallX = Tensor.Empty(1, 16, stack.Height, 10, layout);
        k.Stack(x, tallX, stack);
        k.ZeroGaps(tallX, stack);
        using var tallY = Tensor.Empty(1, 32, stack.Height, 10, layout);
        conv.Forward(tallX, weights, bias, tallY, new ConvEpilogue(0.2f, 1f, false), inference: false);
        using var unstacked = Tensor.Empty(2, 32, 12, 10, layout);
        k.Unstack(tallY, stack, unstacked, accumulate: false);
        Golden.Close(unstacked.ToHost().Data, Array.ConvertAll(y.ToHost().Data, v => (double)v), 1e-6, "stacked convolution");
    }

    /// <summary>
    /// Told that its tensors are a stack, a bf16 training convolution runs the batch the stack holds: forward, input and
    /// weight gradients equal those of the batch itself bit for bit.
    /// </summary>
    [Fact]
    public void BFloat16TrainingPassesOnAStackEqualThoseOnItsBatch()
    {
        var spec = new ConvolutionSpec(32, 16, 3, 1, 1, true);
        var layout = Backend.Current.ActivationLayout;
        var (weights, bias) = ConvolutionAlgorithmTests.Parameters(spec);
        var stack = new ImageStack(3, 8, 1);
        var k = Backend.Current;
        using var scope = ComputePrecision.Use(Precision.BFloat16);
        using var conv = new DnnlConvolution(spec, ConvolutionAlgorithm.Auto);
        Assert.True(conv.ComputesInBFloat16);
        using var x = ConvolutionAlgorithmTests.Filled("x", 3, 32, 8, 10, layout);
        using var dy = ConvolutionAlgorithmTests.Filled("dy", 3, 16, 8, 10, layout);
        using var tallX = Tensor.Empty(1, 32, stack.Height, 10, layout);
        using var tallDy = Tensor.Empty(1, 16, stack.Height, 10, layout);
        k.Stack(x, tallX, stack);
        k.Stack(dy, tallDy, stack);

        (float[] Y, float[] Dx, float[] Dw, float[] Db) Run(Tensor input, Tensor gradient, ImageStack? asStack)
        {
            using var y = Tensor.Empty(input.N, 16, input.H, 10, layout);
            using var dx = Tensor.Empty(input.N, 32, input.H, 10, layout);
            var dw = new float[spec.WeightCount];
            var db = new float[16];
            conv.Forward(input, weights, bias, y, new ConvEpilogue(0.2f, 1f, false), inference: false, asStack);
            conv.BackwardWeights(input, gradient, dw, db, asStack);
            conv.BackwardData(gradient, weights, dx, asStack);
            if (asStack is ImageStack s)
            {
                using var images = Tensor.Empty(s.Images, 16, s.ImageHeight, 10, layout);
                using var gradients = Tensor.Empty(s.Images, 32, s.ImageHeight, 10, layout);
                k.Unstack(y, s, images, accumulate: false);
                k.Unstack(dx, s, gradients, accumulate: false);
                return (images.ToHost().Data, gradients.ToHost().Data, dw, db);
            }
            return (y.ToHost().Data, dx.ToHost().Data, dw, db);
        }

        var batch = Run(x, dy, null);
        var stacked = Run(tallX, tallDy, stack);
        Assert.Equal(batch.Y, stacked.Y);
        Assert.Equal(batch.Dx, stacked.Dx);
        Assert.Equal(batch.Dw, stacked.Dw);
        Assert.Equal(batch.Db, stacked.Db);
    }

    [Fact]
    public void MismatchedShapesAreRefused()
    {
        var layout = Backend.Current.ActivationLayout;
        using var batch = Tensor.Empty(2, 16, 4, 4, layout);
        using var wrong = Tensor.Empty(1, 16, 8, 4, layout);
        Assert.Throws<ArgumentException>(() => Backend.Current.Stack(batch, wrong, new ImageStack(2, 4, 1)));
        Assert.Throws<ArgumentException>(() => Backend.Current.ZeroGaps(wrong, new ImageStack(2, 4, 1)));
    }
}
