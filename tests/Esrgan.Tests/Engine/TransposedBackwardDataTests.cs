using Esrgan.Engine;
using Esrgan.Engine.Cpu;
using Xunit;

namespace Esrgan.Tests.Engine;

/// <summary>
/// Backward-data of few-output-channel convolutions, computed as a transposed forward convolution: equal to the
/// definition, refreshed with the weights, and on oneDNN's fast kernels (a blocked gradient sent its reference kernel).
/// </summary>
public class TransposedBackwardDataTests
{
    [Theory]
    [InlineData(16, 3, 3, 1, 16)]
    [InlineData(8, 1, 5, 2, 16)]
    [InlineData(6, 2, 1, 0, 1)]
    [InlineData(3, 3, 3, 0, 16)]
    [InlineData(64, 3, 3, 1, 1)]
    public void EqualsTheDefinitionAndFollowsWeightUpdates(int inChannels, int outChannels, int kernel, int padding, int block)
    {
        var spec = new ConvolutionSpec(inChannels, outChannels, kernel, 1, padding, true);
        Assert.True(TransposedBackwardData.AppliesTo(spec));
        var layout = new TensorLayout(block);
        var (weights, _) = ConvolutionAlgorithmTests.Parameters(spec);
        const int n = 2, h = 9, w = 11;
        int oh = spec.OutputSize(h), ow = spec.OutputSize(w);
        using var conv = new DnnlConvolution(spec, ConvolutionAlgorithm.Auto);
        using var diffDst = ConvolutionAlgorithmTests.Filled("dy", n, outChannels, oh, ow, layout);
        using var diffSrc = Tensor.Empty(n, inChannels, h, w, layout);
        var dy = diffDst.ToHost();
        for (int round = 0; round < 2; round++)
        {
            conv.BackwardData(diffDst, weights, diffSrc);
            Golden.Close(diffSrc.ToHost().Data, Definition(spec, weights.Values, dy.Data, n, h, w), 1e-5, $"diff src, round {round}");
            for (int i = 0; i < weights.Values.Length; i++) weights.Values[i] = -0.5f * weights.Values[i] + 0.01f * (i % 7);
            weights.MarkChanged();
        }
        Assert.DoesNotContain(conv.Implementations(), name => name.Contains("ref"));
    }

    /// <summary>dx[n, i, y, x] = sum over o, ky, kx of dy[n, o, (y + p - ky), (x + p - kx)] * w[o, i, ky, kx], in double.</summary>
    private static double[] Definition(ConvolutionSpec spec, float[] weights, float[] dy, int n, int h, int w)
    {
        int k = spec.Kernel, p = spec.Padding, oh = spec.OutputSize(h), ow = spec.OutputSize(w);
        var dx = new double[n * spec.InChannels * h * w];
        for (int b = 0; b < n; b++)
            for (int i = 0; i < spec.InChannels; i++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        double sum = 0;
                        for (int o = 0; o < spec.OutChannels; o++)
                            for (int ky = 0; ky < k; ky++)
                                for (int kx = 0; kx < k; kx++)
                                {
                                    int oy = y + p - ky, ox = x + p - kx;
                                    if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                                    sum += dy[((b * spec.OutChannels + o) * oh + oy) * ow + ox] * weights[((o * spec.InChannels + i) * k + ky) * k + kx];
                                }
                        dx[((b * spec.InChannels + i) * h + y) * w + x] = sum;
                    }
        return dx;
    }
}
