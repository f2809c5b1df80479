using Esrgan.Engine;
using Esrgan.Engine.Cpu;
using Esrgan.Layers;
using Esrgan.Models;
using Esrgan.Native.Dnnl;
using Xunit;

namespace Esrgan.Tests.Engine;

/// <summary>bf16 convolutions (bf16 inputs and weights, float32 accumulation and results) against float32 ones.</summary>
public class ConvolutionPrecisionTests
{
    /// <summary>Forward with every epilogue the networks use, backward data and backward weights, on a batch.</summary>
    [Theory]
    [InlineData(0.2f, 1f, false)]
    [InlineData(null, 0.2f, true)]
    public void BFloat16StaysWithinItsRoundingOfFloat32(float? slope, float scale, bool accumulate)
    {
        var spec = new ConvolutionSpec(32, 48, 3, 1, 1, true);
        var fp32 = Run(spec, new ConvEpilogue(slope, scale, accumulate), Precision.Float32, out _);
        var bf16 = Run(spec, new ConvEpilogue(slope, scale, accumulate), Precision.BFloat16, out var kernels);
        string[] what = ["forward", "input gradient", "weight gradient", "bias gradient"];
        for (int i = 0; i < 4; i++)
        {
            // 8 significant bits on both factors: about 2^-8 relative per product, less on sums of many.
            Golden.Close(bf16[i], Array.ConvertAll(fp32[i], v => (double)v), 1e-2, $"bf16 {what[i]}");
            if (i < 3) Assert.False(bf16[i].AsSpan().SequenceEqual(fp32[i]), $"bf16 {what[i]} equals float32: bf16 did not run");
        }
        if (DnnlContext.HasBFloat16) Assert.All(kernels, name => Assert.Contains("bf16", name));
    }

    [Fact]
    public void ImageFacingConvolutionsStayFloat32()
    {
        var spec = new ConvolutionSpec(3, 32, 3, 1, 1, true);
        var fp32 = Run(spec, ConvEpilogue.None, Precision.Float32, out _);
        var bf16 = Run(spec, ConvEpilogue.None, Precision.BFloat16, out _);
        for (int i = 0; i < 4; i++) Assert.Equal(fp32[i], bf16[i]);
    }

    /// <summary>
    /// Upscaling keeps a dense block's buffer in bf16, each convolution rounding its output once as it writes it. The
    /// per-call path (run here by hand on the block's own convolutions) stores float32 outputs and rounds each
    /// convolution's whole input before reading it: the same roundings of the same values, so the two must agree bit
    /// for bit.
    /// </summary>
    [Fact]
    public void DenseBlockBFloat16ChainEqualsConvertingEveryInput()
    {
        using var block = new ResidualDenseBlock(numFeat: 32, numGrowCh: 16);
        Init.KaimingNormal(block, new Random(3), 0.1f);
        var convs = block.Children.Select(c => (Conv2d)c.Module).ToArray();
        var layout = Backend.Current.ActivationLayout;
        using var x = ConvolutionAlgorithmTests.Filled("x", 1, 32, 20, 20, layout);
        using var scope = ComputePrecision.Use(Precision.BFloat16);
        using var noGrad = GradMode.Disable();
        float[] chained, converted, fp32;
        long before = DnnlConvolution.InputConversionsOnThread;
        using (var y = block.Forward(x)) chained = y.ToHost().Data;
        Assert.Equal(0, DnnlConvolution.InputConversionsOnThread - before);

        before = DnnlConvolution.InputConversionsOnThread;
        using (var buffer = Tensor.Empty(1, 96, 20, 20, layout))
        using (var y = Tensor.Empty(1, 32, 20, 20, layout))
        {
            Backend.Current.CopyChannels(x, 0, buffer, 0, 32, accumulate: false);
            for (int k = 0; k < 4; k++)
            {
                using var prefix = buffer.Channels(0, 32 + 16 * k);
                using var grown = buffer.Channels(32 + 16 * k, 16);
                convs[k].ForwardInto(prefix, grown);
            }
            Backend.Current.Reorder(x, y);
            convs[4].ForwardInto(buffer, y, 0.2f, accumulate: true);
            converted = y.ToHost().Data;
        }
        Assert.Equal(5, DnnlConvolution.InputConversionsOnThread - before);
        using (ComputePrecision.Use(Precision.Float32))
        using (var y = block.Forward(x)) fp32 = y.ToHost().Data;
        Assert.Equal(converted, chained);
        Assert.False(chained.AsSpan().SequenceEqual(fp32), "the bf16 chain equals float32: bf16 did not run");
        Golden.Close(chained, Array.ConvertAll(fp32, v => (double)v), 1e-2, "bf16 dense block");
    }

    /// <summary>
    /// Training in bf16 keeps a stacked batch's dense-block buffer in bf16 too: the forward result equals, bit for bit,
    /// the per-call path that keeps float32 outputs and rounds each convolution's input, for the same reason as above.
    /// </summary>
    [Fact]
    public void TrainingDenseBlockBFloat16BufferEqualsConvertingEveryInput()
    {
        using var block = new ResidualDenseBlock(numFeat: 32, numGrowCh: 16);
        Init.KaimingNormal(block, new Random(4), 0.1f);
        var convs = block.Children.Select(c => (Conv2d)c.Module).ToArray();
        var layout = Backend.Current.ActivationLayout;
        var k = Backend.Current;
        var stack = new ImageStack(2, 12, 1);
        using var x = ConvolutionAlgorithmTests.Filled("x", 2, 32, 12, 14, layout);
        using var scope = ComputePrecision.Use(Precision.BFloat16);
        float[] chained;
        using (var y = block.Forward(x)) chained = y.ToHost().Data;

        using var buffer = Tensor.Empty(1, 96, stack.Height, 14, layout);
        using var y2 = Tensor.Empty(2, 32, 12, 14, layout);
        using (var head = buffer.Channels(0, 32))
        {
            k.Stack(x, head, stack);
            k.ZeroGaps(head, stack);
        }
        for (int conv = 0; conv < 4; conv++)
        {
            using var prefix = buffer.Channels(0, 32 + 16 * conv);
            using var grown = buffer.Channels(32 + 16 * conv, 16);
            convs[conv].ForwardInto(prefix, grown, stack: stack);
            k.ZeroGaps(grown, stack);
        }
        using (var residual = Tensor.Empty(1, 32, stack.Height, 14, layout))
        {
            convs[4].ForwardInto(buffer, residual, 0.2f, stack: stack);
            k.Reorder(x, y2);
            k.Unstack(residual, stack, y2, accumulate: true);
        }
        Assert.Equal(y2.ToHost().Data, chained);
    }

    /// <summary>Upscaling a batch in bf16 stacks it into one bf16 buffer: each image comes out as it does alone.</summary>
    [Fact]
    public void BFloat16DenseBlockOnABatchEqualsEachImageAlone()
    {
        using var block = new ResidualDenseBlock(numFeat: 32, numGrowCh: 16);
        Init.KaimingNormal(block, new Random(5), 0.1f);
        var layout = Backend.Current.ActivationLayout;
        using var x = ConvolutionAlgorithmTests.Filled("x", 2, 32, 10, 13, layout);
        using var scope = ComputePrecision.Use(Precision.BFloat16);
        using var noGrad = GradMode.Disable();
        float[] batch;
        using (var y = block.Forward(x)) batch = y.ToHost().Data;
        int image = batch.Length / 2;
        for (int n = 0; n < 2; n++)
        {
            using var alone = x.Image(n);
            using var y = block.Forward(alone);
            Golden.Close(batch.AsSpan(n * image, image).ToArray(), Array.ConvertAll(y.ToHost().Data, v => (double)v), 1e-6, $"image {n}");
        }
    }

    /// <summary>Training passes in bf16 run oneDNN's brgemm kernels on nhwc copies (faster than its blocked bf16 ones).</summary>
    [Fact]
    public void BFloat16TrainingPassesRunOnChannelsLastCopies()
    {
        if (!DnnlContext.HasBFloat16) return;
        Run(new ConvolutionSpec(32, 48, 3, 1, 1, true), ConvEpilogue.None, Precision.BFloat16, out var kernels);
        Assert.Contains(kernels, name => name.Contains("brgconv"));
    }

    [Fact]
    public void BFloat16TensorsRefuseFloatAccess()
    {
        using var t = Tensor.Empty(1, 16, 4, 4, Backend.Current.ActivationLayout, ElementType.BFloat16);
        var error = Assert.Throws<InvalidOperationException>(() => t.ToHost());
        Assert.Contains("bfloat16", error.Message);
    }

    [Theory]
    [InlineData("bf16", Precision.BFloat16)]
    [InlineData(" BFloat16", Precision.BFloat16)]
    [InlineData("fp32", Precision.Float32)]
    [InlineData(null, Precision.Auto)]
    [InlineData("auto", Precision.Auto)]
    public void PrecisionNamesParse(string? text, Precision expected) => Assert.Equal(expected, ComputePrecision.Parse(text, "test"));

    [Fact]
    public void UnknownPrecisionNamesTheSource()
    {
        var error = Assert.Throws<ArgumentException>(() => ComputePrecision.Parse("fp16", "--precision"));
        Assert.Contains("--precision", error.Message);
        Assert.Contains("fp16", error.Message);
    }

    [Fact]
    public void AutoIsBFloat16ExactlyWhereTheCpuHasIt() =>
        Assert.Equal(DnnlContext.HasBFloat16 ? Precision.BFloat16 : Precision.Float32, ComputePrecision.Resolve(Precision.Auto));

    private static List<float[]> Run(ConvolutionSpec spec, ConvEpilogue epilogue, Precision precision, out List<string> kernels)
    {
        var layout = Backend.Current.ActivationLayout;
        var (weights, bias) = ConvolutionAlgorithmTests.Parameters(spec);
        using var scope = ComputePrecision.Use(precision);
        using var conv = new DnnlConvolution(spec, ConvolutionAlgorithm.Direct);
        using var x = ConvolutionAlgorithmTests.Filled("x", 2, spec.InChannels, 24, 24, layout);
        using var y = ConvolutionAlgorithmTests.Filled("y", 2, spec.OutChannels, 24, 24, layout);
        conv.Forward(x, weights, bias, y, epilogue, inference: false);
        using var dx = Tensor.Empty(2, spec.InChannels, 24, 24, layout);
        conv.BackwardData(y, weights, dx);
        var weightGrad = new float[spec.WeightCount];
        var biasGrad = new float[spec.OutChannels];
        conv.BackwardWeights(x, y, weightGrad, biasGrad);
        kernels = conv.Implementations().ToList();
        return [y.ToHost().Data, dx.ToHost().Data, weightGrad, biasGrad];
    }
}
