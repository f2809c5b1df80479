using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>
/// nn.BatchNorm2d: batch statistics in training (running mean and unbiased variance updated with the momentum),
/// running statistics in evaluation. Keys: weight, bias, running_mean, running_var (PyTorch's num_batches_tracked counter only matters without a momentum, so it is not kept).
/// </summary>
internal sealed class BatchNorm2d : Module
{
    private readonly SavedTensor _input;
    private readonly Saved<Statistics> _statistics;

    /// <summary>The statistics a forward normalised with, and whether they were the batch's own (training).</summary>
    private sealed record Statistics(double[] Mean, double[] InvStd, bool OfBatch);

    public BatchNorm2d(int channels, float eps = 1e-5f, float momentum = 0.1f)
    {
        Channels = channels;
        Eps = eps;
        Momentum = momentum;
        Weight = RegisterParameter("weight", channels);
        Array.Fill(Weight.Values, 1f);
        Weight.MarkChanged();
        Bias = RegisterParameter("bias", channels);
        RunningMean = RegisterBuffer("running_mean", [channels], 0f);
        RunningVar = RegisterBuffer("running_var", [channels], 1f);
        _input = KeepsTensor("its input");
        _statistics = Keeps<Statistics>("its statistics");
    }

    public int Channels { get; }
    public float Eps { get; }
    public float Momentum { get; }
    public ParameterData Weight { get; }
    public ParameterData Bias { get; }
    public ParameterData RunningMean { get; }
    public ParameterData RunningVar { get; }

    protected override Tensor OnForward(Tensor input)
    {
        var (mean, variance) = IsTraining ? BatchStatistics(input) : RunningStatistics();
        var invStd = variance.Select(v => 1.0 / Math.Sqrt(v + Eps)).ToArray();
        var scale = new float[Channels];
        var shift = new float[Channels];
        for (int c = 0; c < Channels; c++)
        {
            scale[c] = (float)(Weight.Values[c] * invStd[c]);
            shift[c] = (float)(Bias.Values[c] - mean[c] * Weight.Values[c] * invStd[c]);
        }
        var output = Tensor.Empty(input.N, input.C, input.H, input.W, input.Layout);
        Backend.Current.ChannelAffine(input, scale, shift, output);
        _input.Keep(input);
        _statistics.Keep(new Statistics(mean, invStd, IsTraining));
        return output;
    }

    private (double[] Mean, double[] Variance) BatchStatistics(Tensor input)
    {
        var mean = new double[Channels];
        var variance = new double[Channels];
        Backend.Current.ChannelMeanVariance(input, mean, variance);
        double count = (double)input.N * input.H * input.W;
        double unbiased = count > 1 ? count / (count - 1) : 1;
        for (int c = 0; c < Channels; c++)
        {
            RunningMean.Values[c] = (float)((1 - Momentum) * RunningMean.Values[c] + Momentum * mean[c]);
            RunningVar.Values[c] = (float)((1 - Momentum) * RunningVar.Values[c] + Momentum * variance[c] * unbiased);
        }
        return (mean, variance);
    }

    private (double[] Mean, double[] Variance) RunningStatistics() =>
        (RunningMean.Values.Select(v => (double)v).ToArray(), RunningVar.Values.Select(v => (double)v).ToArray());

    /// <summary>
    /// With xhat = (x - mean) * invStd: dgamma = sum(dy * xhat), dbeta = sum(dy); in training
    /// dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat)), in evaluation dx = gamma * invStd * dy.
    /// </summary>
    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var input = _input.Value;
        var (mean, invStds, ofBatch) = _statistics.Value;
        var sumDy = new double[Channels];
        var sumDyX = new double[Channels];
        Backend.Current.ChannelGradientSums(input, gradOutput, sumDy, sumDyX);
        double count = (double)input.N * input.H * input.W;
        var a = new float[Channels];
        var b = new float[Channels];
        var c0 = new float[Channels];
        for (int c = 0; c < Channels; c++)
        {
            double gamma = Weight.Values[c], invStd = invStds[c];
            double sumDyXhat = (sumDyX[c] - mean[c] * sumDy[c]) * invStd;
            if (Weight.RequiresGrad)
            {
                Weight.Grad[c] += (float)sumDyXhat;
                Bias.Grad[c] += (float)sumDy[c];
            }
            a[c] = (float)(gamma * invStd);
            if (!ofBatch) continue;
            double meanDy = sumDy[c] / count, meanDyXhat = sumDyXhat / count;
            b[c] = (float)(-gamma * invStd * meanDyXhat * invStd);
            c0[c] = (float)(gamma * invStd * (mean[c] * invStd * meanDyXhat - meanDy));
        }
        var gradInput = Tensor.Empty(input.N, input.C, input.H, input.W, input.Layout);
        Backend.Current.ChannelCombine(gradOutput, a, input, b, c0, gradInput);
        return gradInput;
    }
}
