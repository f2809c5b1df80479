namespace Esrgan.Engine;

/// <summary>
/// A learnable array in plain PyTorch order with its gradient. <see cref="Version"/> changes whenever the values do,
/// so backends can keep converted copies (e.g. blocked conv weights) until the next update.
/// </summary>
internal sealed class ParameterData
{
    private static long _nextVersion;

    public ParameterData(int[] shape, float[]? values = null)
    {
        Shape = shape;
        Values = values ?? new float[HostTensor.ElementCount(shape)];
        if (Values.LongLength != HostTensor.ElementCount(shape)) throw new ArgumentException("values do not match the shape");
        Grad = new float[Values.Length];
        MarkChanged();
    }

    public int[] Shape { get; }
    public float[] Values { get; }
    public float[] Grad { get; }
    public bool RequiresGrad { get; set; } = true;
    public long Version { get; private set; }

    /// <summary>Call after writing <see cref="Values"/> so cached conversions are refreshed.</summary>
    public void MarkChanged() => Version = Interlocked.Increment(ref _nextVersion);

    public void ZeroGrad() => Array.Clear(Grad);

    public HostTensor ToHost() => new((int[])Shape.Clone(), (float[])Values.Clone());
}
