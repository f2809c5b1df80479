using Esrgan.Engine;
using Esrgan.Training.Optimizers;
using Xunit;

namespace Esrgan.Tests.Training;

/// <summary>The vectorised Adam update against torch.optim.Adam's formula written out per element in float32.</summary>
public class AdamTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void VectorisedUpdateEqualsTheScalarFormulaBitForBit(double weightDecay)
    {
        // 37 and 1000 values: whole vectors plus a scalar tail, whatever the vector width.
        var random = new Random(3);
        var parameters = new[] { new ParameterData([37]), new ParameterData([10, 100]) };
        foreach (var p in parameters)
            for (int i = 0; i < p.Values.Length; i++) p.Values[i] = random.NextSingle() - 0.5f;
        var expected = parameters.Select(p => (W: (float[])p.Values.Clone(), M: new float[p.Values.Length], V: new float[p.Values.Length])).ToArray();
        var adam = new Adam(parameters, 1e-3, 0.9, 0.99, weightDecay: weightDecay);
        for (int step = 1; step <= 3; step++)
        {
            for (int k = 0; k < parameters.Length; k++)
                for (int i = 0; i < parameters[k].Grad.Length; i++) parameters[k].Grad[i] = (random.NextSingle() - 0.5f) * 1e-2f;
            float stepSize = (float)(1e-3 / (1 - Math.Pow(0.9, step)));
            float bc2 = (float)Math.Sqrt(1 - Math.Pow(0.99, step));
            float decay = (float)weightDecay, b1 = 0.9f, b2 = 0.99f, oneMinusB1 = (float)(1 - 0.9), oneMinusB2 = (float)(1 - 0.99);
            for (int k = 0; k < parameters.Length; k++)
            {
                var (w, m, v) = expected[k];
                var g = parameters[k].Grad;
                for (int j = 0; j < w.Length; j++)
                {
                    float grad = decay != 0 ? g[j] + w[j] * decay : g[j];
                    m[j] = m[j] * b1 + grad * oneMinusB1;
                    v[j] = v[j] * b2 + grad * grad * oneMinusB2;
                    float denominator = MathF.Sqrt(v[j]) / bc2 + 1e-8f;
                    w[j] += -stepSize * (m[j] / denominator);
                }
            }
            long before = parameters[0].Version;
            adam.StepOnce();
            Assert.NotEqual(before, parameters[0].Version);
            for (int k = 0; k < parameters.Length; k++)
            {
                Assert.Equal(expected[k].W, parameters[k].Values);
                Assert.Equal(expected[k].M, adam.FirstMoments[k]);
                Assert.Equal(expected[k].V, adam.SecondMoments[k]);
            }
        }
    }
}
