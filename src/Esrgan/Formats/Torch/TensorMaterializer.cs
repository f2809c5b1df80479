using Esrgan.Engine;
using Esrgan.Formats.Pickle;

namespace Esrgan.Formats.Torch;

/// <summary>
/// Replaces every tensor reference in an unpickled object tree with a dense fp32 HostTensor, honouring the
/// storage offset and strides (so transposed, sliced and expanded views come out as PyTorch shows them).
/// </summary>
internal sealed class TensorMaterializer(string file, Func<StorageRef, float[]> storageData)
{
    private readonly Dictionary<string, float[]> _storages = new(StringComparer.Ordinal);

    public object? Resolve(object? value) => Resolve(value, 0);

    /// <summary>The depth bound also stops self-referencing containers, which a pickle's memo can build.</summary>
    private object? Resolve(object? value, int depth)
    {
        if (depth > PickleLimits.MaxMarkDepth) throw new InvalidDataException($"{file}: checkpoint nests deeper than {PickleLimits.MaxMarkDepth} levels");
        return value switch
        {
            TensorRef t => Materialize(t),
            PyDict d => Rebuild(d, depth),
            List<object?> l => l.Select(v => Resolve(v, depth + 1)).ToList(),
            PyTuple t => new PyTuple(t.Items.Select(v => Resolve(v, depth + 1)).ToArray()),
            _ => value,
        };
    }

    private PyDict Rebuild(PyDict dict, int depth)
    {
        var result = new PyDict();
        foreach (var (k, v) in dict.Items) result.Items.Add(new(k, Resolve(v, depth + 1)));
        return result;
    }

    private HostTensor Materialize(TensorRef t)
    {
        long count = HostTensor.ElementCount(t.Size);
        if (count > Array.MaxLength) throw new InvalidDataException($"{file}: a tensor claims {count} elements, more than can be held");
        long last = t.Offset;
        for (int d = 0; d < t.Size.Length; d++)
        {
            if (t.Stride[d] < 0) throw new InvalidDataException($"{file}: negative tensor stride");
            if (t.Size[d] > 0) last += (t.Size[d] - 1) * t.Stride[d];
        }
        if (count > 0 && last >= t.Storage.Count)
            throw new InvalidDataException(
                $"{file}: a tensor of shape [{string.Join(", ", t.Size)}] reaches element {last} of storage '{t.Storage.Key}', which holds {t.Storage.Count}");

        if (!_storages.TryGetValue(t.Storage.Key, out var data))
            _storages[t.Storage.Key] = data = storageData(t.Storage);
        var result = new HostTensor((int[])t.Size.Clone());
        if (count > 0) Copy(data, t, 0, t.Offset, result.Data, 0);
        return result;
    }

    /// <summary>Copies dimension <paramref name="dim"/> onward in row-major order; returns the next output index.</summary>
    private static long Copy(float[] src, TensorRef t, int dim, long srcIndex, float[] dst, long dstIndex)
    {
        if (dim == t.Size.Length)
        {
            dst[dstIndex] = src[srcIndex];
            return dstIndex + 1;
        }
        for (int i = 0; i < t.Size[dim]; i++)
            dstIndex = Copy(src, t, dim + 1, srcIndex + i * t.Stride[dim], dst, dstIndex);
        return dstIndex;
    }
}
