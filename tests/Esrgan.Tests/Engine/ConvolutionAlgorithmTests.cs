using Esrgan.Engine;
using Esrgan.Engine.Cpu;
using Esrgan.Layers;
using Esrgan.Models;
using Esrgan.Native.Dnnl;
using Xunit;

namespace Esrgan.Tests.Engine;

/// <summary>Winograd kernels against PyTorch and against the direct ones, and where each algorithm is used.</summary>
public class ConvolutionAlgorithmTests
{
    // By name: the algorithm type is internal, and xunit theories are public.
    public static TheoryData<string> Algorithms() => ["auto", "direct"];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void RrdbNetInferenceMatchesPyTorch(string name)
    {
        var algorithm = ConvolutionAlgorithms.Parse(name, "test");
        var d = Golden.Load("rrdbnet_nf32_nb1_gc32_inference");
        RrdbNet net;
        using (Backend.Scoped(new CpuKernels(algorithm))) net = new RrdbNet(numFeat: 32, numBlock: 1, numGrowCh: 32);
        using (net)
        {
            Golden.FillByFormula(net);
            net.Eval();
            var host = new HostTensor([1, 3, 32, 32]);
            Golden.Formula("x", host.Data, 0.5);
            for (int i = 0; i < host.Data.Length; i++) host.Data[i] += 0.5f;
            using var x = Tensor.FromHost(host);
            using var noGrad = GradMode.Disable();
            using var y = net.Forward(x);
            Golden.Close(y, d["y"], 1e-5, $"RRDBNet inference with {algorithm} convolutions");
        }
    }

    /// <summary>
    /// Auto runs every float32 pass of a 3x3 convolution (inference, training forward, both backward passes) with
    /// Winograd kernels where oneDNN has them; direct never does.
    /// </summary>
    [Theory]
    [InlineData("auto", 4)]
    [InlineData("direct", 0)]
    public void WinogradRunsEveryFloat32PassUnlessDirectIsChosen(string algorithm, int winogradPrimitives)
    {
        var spec = new ConvolutionSpec(32, 32, 3, 1, 1, true);
        using var conv = new DnnlConvolution(spec, ConvolutionAlgorithms.Parse(algorithm, "test"));
        var (weights, bias) = Parameters(spec);
        var layout = Backend.Current.ActivationLayout;
        using var x = Filled("x", 1, 32, 32, 32, layout);
        using var y = Tensor.Empty(1, 32, 32, 32, layout);

        conv.Forward(x, weights, bias, y, ConvEpilogue.None, inference: false);
        conv.BackwardData(y, weights, x);
        conv.BackwardWeights(x, y, new float[spec.WeightCount], new float[spec.OutChannels]);
        conv.Forward(x, weights, bias, y, ConvEpilogue.None, inference: true);
        var implementations = conv.Implementations().ToList();
        Assert.Equal(4, implementations.Count);
        if (DnnlContext.HasAvx512) Assert.Equal(winogradPrimitives, implementations.Count(name => name.Contains("wino")));
    }

    [Fact]
    public void SmallImagesAndOtherKernelSizesStayDirect()
    {
        var layout = Backend.Current.ActivationLayout;
        foreach (var (spec, size) in new[] { (new ConvolutionSpec(32, 32, 3, 1, 1, true), 16), (new ConvolutionSpec(32, 32, 4, 2, 1, true), 64) })
        {
            using var conv = new DnnlConvolution(spec, ConvolutionAlgorithm.Auto);
            var (weights, bias) = Parameters(spec);
            using var x = Filled("x", 1, 32, size, size, layout);
            using var y = Tensor.Empty(1, 32, spec.OutputSize(size), spec.OutputSize(size), layout);
            conv.Forward(x, weights, bias, y, ConvEpilogue.None, inference: true);
            Assert.All(conv.Implementations(), name => Assert.DoesNotContain("wino", name));
        }
    }

    /// <summary>
    /// Every epilogue the networks use, forward and backward: LeakyReLU (applied after the Winograd kernel, which
    /// cannot fuse it), scaled accumulation, and both together (which must fall back to the direct kernel).
    /// </summary>
    [Theory]
    [InlineData(0.2f, 1f, false)]
    [InlineData(null, 0.2f, true)]
    [InlineData(0.2f, 0.5f, true)]
    [InlineData(0f, 1f, false)]
    public void WinogradMatchesDirectForwardAndBackward(float? slope, float scale, bool accumulate)
    {
        var spec = new ConvolutionSpec(32, 48, 3, 1, 1, true);
        var layout = Backend.Current.ActivationLayout;
        var (weights, bias) = Parameters(spec);
        var epilogue = new ConvEpilogue(slope, scale, accumulate);
        var results = new List<float[]>();
        foreach (var algorithm in new[] { ConvolutionAlgorithm.Direct, ConvolutionAlgorithm.Auto })
        {
            using var conv = new DnnlConvolution(spec, algorithm);
            using var x = Filled("x", 2, 32, 24, 24, layout);
            using var y = Filled("y", 2, 48, 24, 24, layout);
            conv.Forward(x, weights, bias, y, epilogue, inference: false);
            using var dx = Tensor.Empty(2, 32, 24, 24, layout);
            conv.BackwardData(y, weights, dx);
            var weightGrad = new float[spec.WeightCount];
            var biasGrad = new float[spec.OutChannels];
            conv.BackwardWeights(x, y, weightGrad, biasGrad);
            results.AddRange([y.ToHost().Data, dx.ToHost().Data, weightGrad, biasGrad]);
        }
        string[] what = ["forward", "input gradient", "weight gradient", "bias gradient"];
        for (int i = 0; i < 4; i++)
            Golden.Close(results[4 + i], Array.ConvertAll(results[i], v => (double)v), i == 0 ? 1e-5 : 1e-4, $"Winograd {what[i]} with slope {slope}, scale {scale}, accumulate {accumulate}");
    }

    /// <summary>
    /// Threads running Winograd convolutions at once (each needs megabytes of scratch memory, rented from the one
    /// shared scratchpad) get exactly the results each gets alone: no thread's scratch data is overwritten by another's.
    /// </summary>
    [Fact]
    public void ConcurrentConvolutionsGetSeparateScratchpads()
    {
        const int threads = 4, rounds = 40;
        var spec = new ConvolutionSpec(32, 32, 3, 1, 1, true);
        var layout = Backend.Current.ActivationLayout;
        var (weights, bias) = Parameters(spec);
        var convs = new DnnlConvolution[threads];
        var inputs = new Tensor[threads];
        var expected = new float[threads][];
        try
        {
            for (int t = 0; t < threads; t++)
            {
                convs[t] = new DnnlConvolution(spec, ConvolutionAlgorithm.Auto);
                inputs[t] = Filled($"x{t}", 1, 32, 96, 96, layout);
                using var y = Tensor.Empty(1, 32, 96, 96, layout);
                convs[t].Forward(inputs[t], weights, bias, y, ConvEpilogue.None, inference: true);
                expected[t] = y.ToHost().Data;
            }
            Assert.NotEqual(expected[0], expected[1]);

            using var start = new Barrier(threads);
            var mismatches = new int[threads];
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                for (int round = 0; round < rounds; round++)
                {
                    using var y = Tensor.Empty(1, 32, 96, 96, layout);
                    convs[t].Forward(inputs[t], weights, bias, y, ConvEpilogue.None, inference: true);
                    if (!y.ToHost().Data.AsSpan().SequenceEqual(expected[t])) mismatches[t]++;
                }
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            Assert.Equal(new int[threads], mismatches);
        }
        finally
        {
            foreach (var conv in convs) conv?.Dispose();
            foreach (var x in inputs) x?.Dispose();
        }
    }

    [Theory]
    [InlineData("direct", nameof(ConvolutionAlgorithm.Direct))]
    [InlineData(" Direct ", nameof(ConvolutionAlgorithm.Direct))]
    [InlineData(null, nameof(ConvolutionAlgorithm.Auto))]
    [InlineData("auto", nameof(ConvolutionAlgorithm.Auto))]
    public void AlgorithmNamesParse(string? text, string expected) =>
        Assert.Equal(expected, ConvolutionAlgorithms.Parse(text, "test").ToString());

    [Fact]
    public void UnknownAlgorithmNamesTheSource()
    {
        var error = Assert.Throws<ArgumentException>(() => ConvolutionAlgorithms.Parse("fft", ConvolutionAlgorithms.EnvironmentVariable));
        Assert.Contains(ConvolutionAlgorithms.EnvironmentVariable, error.Message);
        Assert.Contains("fft", error.Message);
    }

    internal static (ParameterData Weights, ParameterData Bias) Parameters(ConvolutionSpec spec)
    {
        var weights = new ParameterData([spec.OutChannels, spec.InChannels, spec.Kernel, spec.Kernel]);
        Golden.Formula("weight", weights.Values, Math.Sqrt(3.0 / (spec.InChannels * spec.Kernel * spec.Kernel)));
        var bias = new ParameterData([spec.OutChannels]);
        Golden.Formula("bias", bias.Values, 0.1);
        return (weights, bias);
    }

    internal static Tensor Filled(string name, int n, int c, int h, int w, TensorLayout layout)
    {
        using var plain = Golden.Formula(name, [n, c, h, w]);
        var t = Tensor.Empty(n, c, h, w, layout);
        Backend.Current.Reorder(plain, t);
        return t;
    }
}
