using System.Numerics;
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
            Update(p.Values, p.Grad, FirstMoments[i], SecondMoments[i], new Coefficients(stepSize, b1, b2, oneMinusB1, oneMinusB2, eps, decay, bc2));
            p.MarkChanged();
        });
    }

    private readonly record struct Coefficients(float StepSize, float B1, float B2, float OneMinusB1, float OneMinusB2, float Eps, float Decay, float Bc2);

    /// <summary>
    /// One parameter's update, vectorised. Each lane does the scalar loop's operations in the same order, without
    /// fused multiply-adds, so the results are bit for bit those of the scalar form (and of PyTorch's).
    /// </summary>
    private static void Update(float[] w, float[] g, float[] m, float[] v, Coefficients k)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var b1 = new Vector<float>(k.B1);
            var b2 = new Vector<float>(k.B2);
            var oneMinusB1 = new Vector<float>(k.OneMinusB1);
            var oneMinusB2 = new Vector<float>(k.OneMinusB2);
            var eps = new Vector<float>(k.Eps);
            var decay = new Vector<float>(k.Decay);
            var bc2 = new Vector<float>(k.Bc2);
            var negativeStep = new Vector<float>(-k.StepSize);
            for (int width = Vector<float>.Count; j <= w.Length - width; j += width)
            {
                var weight = new Vector<float>(w, j);
                var grad = new Vector<float>(g, j);
                if (k.Decay != 0) grad += weight * decay;
                var first = new Vector<float>(m, j) * b1 + grad * oneMinusB1;
                var second = new Vector<float>(v, j) * b2 + grad * grad * oneMinusB2;
                first.CopyTo(m, j);
                second.CopyTo(v, j);
                var denominator = Vector.SquareRoot(second) / bc2 + eps;
                (weight + negativeStep * (first / denominator)).CopyTo(w, j);
            }
        }
        for (; j < w.Length; j++)
        {
            float grad = k.Decay != 0 ? g[j] + w[j] * k.Decay : g[j];
            m[j] = m[j] * k.B1 + grad * k.OneMinusB1;
            v[j] = v[j] * k.B2 + grad * grad * k.OneMinusB2;
            float denom = MathF.Sqrt(v[j]) / k.Bc2 + k.Eps;
            w[j] += -k.StepSize * (m[j] / denom);
        }
    }
}
