using Esrgan.Layers;

namespace Esrgan.Training;

/// <summary>
/// Exponential moving average of a network's parameters (BasicSR model_ema: ema = decay * ema + (1 - decay) * w,
/// in float32 as torch's mul_ and add_ do), kept in a second instance of the same network. Buffers (batch-norm
/// statistics) are copied, so the averaged network can be evaluated.
/// </summary>
public sealed class WeightAverage(Module source, Module average, double decay)
{
    private readonly (Engine.ParameterData Source, Engine.ParameterData Average)[] _parameters =
        source.NamedParameters().Zip(average.NamedParameters(), (s, a) => (s.Parameter, a.Parameter)).ToArray();

    private readonly (Engine.ParameterData Source, Engine.ParameterData Average)[] _buffers =
        source.NamedBuffers().Zip(average.NamedBuffers(), (s, a) => (s.Buffer, a.Buffer)).ToArray();

    public Module Network => average;

    public double Decay => decay;

    /// <summary>Makes the average equal to the source (BasicSR starts it as a copy).</summary>
    public void Reset()
    {
        foreach (var (s, a) in _parameters.Concat(_buffers))
        {
            s.Values.CopyTo(a.Values, 0);
            a.MarkChanged();
        }
    }

    public void Update()
    {
        float keep = (float)decay, take = (float)(1 - decay);
        Parallel.ForEach(_parameters, pair =>
        {
            float[] w = pair.Source.Values, e = pair.Average.Values;
            for (int i = 0; i < e.Length; i++) e[i] = e[i] * keep + w[i] * take;
            pair.Average.MarkChanged();
        });
        foreach (var (s, a) in _buffers)
        {
            s.Values.CopyTo(a.Values, 0);
            a.MarkChanged();
        }
    }
}
