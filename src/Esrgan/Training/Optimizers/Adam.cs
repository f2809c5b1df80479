using Esrgan.Engine;

namespace Esrgan.Training.Optimizers;

/// <summary>
/// torch.optim.Adam (amsgrad off): L2 weight decay added to the gradient, bias-corrected moments,
/// p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps), in the same operation order as PyTorch.
/// </summary>
internal sealed class Adam
{
    private readonly ParameterData[] _parameters;

    public Adam(IEnumerable<ParameterData> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0)
    {
        _parameters = parameters.Where(p => p.RequiresGrad).ToArray();
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        FirstMoments = _parameters.Select(p => new float[p.Values.Length]).ToArray();
        SecondMoments = _parameters.Select(p => new float[p.Values.Length]).ToArray();
    }

    public double LearningRate { get; set; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    public double WeightDecay { get; }
    public long Step { get; set; }
    public IReadOnlyList<ParameterData> Parameters => _parameters;
    public float[][] FirstMoments { get; }
    public float[][] SecondMoments { get; }

    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.ZeroGrad();
    }

    public void StepOnce()
    {
        Step++;
        double biasCorrection1 = 1 - Math.Pow(Beta1, Step);
        double biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, Step));
        float stepSize = (float)(LearningRate / biasCorrection1);
        float b1 = (float)Beta1, b2 = (float)Beta2, oneMinusB1 = (float)(1 - Beta1), oneMinusB2 = (float)(1 - Beta2);
        float eps = (float)Eps, decay = (float)WeightDecay, bc2 = (float)biasCorrection2Sqrt;
        Parallel.For(0, _parameters.Length, i =>
        {
            var p = _parameters[i];
            float[] w = p.Values, g = p.Grad, m = FirstMoments[i], v = SecondMoments[i];
            for (int j = 0; j < w.Length; j++)
            {
                float grad = decay != 0 ? g[j] + w[j] * decay : g[j];
                m[j] = m[j] * b1 + grad * oneMinusB1;
                v[j] = v[j] * b2 + grad * grad * oneMinusB2;
                float denom = MathF.Sqrt(v[j]) / bc2 + eps;
                w[j] += -stepSize * (m[j] / denom);
            }
            p.MarkChanged();
        });
    }
}
