namespace Esrgan.Engine;

/// <summary>
/// A dense float32 array in managed memory with a row-major shape (NCHW for activations, OIHW for conv weights).
/// This is the neutral exchange type between file formats, models and tests; the engine's own
/// <see cref="Tensor"/> lives in native memory with a layout of the backend's choosing.
/// </summary>
internal sealed class HostTensor
{
    public HostTensor(int[] shape, float[]? data = null)
    {
        Shape = shape;
        long count = ElementCount(shape);
        if (data != null && data.LongLength != count)
            throw new ArgumentException($"data has {data.LongLength} elements but shape [{string.Join(", ", shape)}] needs {count}");
        Data = data ?? new float[count];
    }

    public int[] Shape { get; }
    public float[] Data { get; }
    public long Length => Data.LongLength;

    public static long ElementCount(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException("negative dimension in shape");
            n *= d;
        }
        return n;
    }

    public HostTensor Clone() => new((int[])Shape.Clone(), (float[])Data.Clone());

    public bool ShapeEquals(ReadOnlySpan<int> other) => Shape.AsSpan().SequenceEqual(other);

    public override string ToString() => $"HostTensor[{string.Join("x", Shape)}]";
}
