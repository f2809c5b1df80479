using Esrgan.Engine;
using Esrgan.Formats.Pickle;

namespace Esrgan.Formats.Torch;

/// <summary>
/// Replaces every tensor reference in an unpickled object tree with a dense fp32 HostTensor, honouring the
/// storage offset and strides (so transposed, sliced and expanded views come out as PyTorch shows them).
/// A container or tensor reached through several memo references is built once and shared, so a pickle
/// "billion laughs" costs what its distinct nodes cost; tensors are counted against the element limits before
/// they are allocated, so stride-0 (expanded) views cannot inflate a tiny storage past them.
/// </summary>
internal sealed class TensorMaterializer(string file, Func<StorageRef, float[]> storageData, LoadLimits? limits = null)
{
    private readonly LoadLimits _limits = limits ?? LoadLimits.Current;
    private readonly Dictionary<string, float[]> _storages = new(StringComparer.Ordinal);
    private readonly Dictionary<object, object?> _done = new(ReferenceEqualityComparer.Instance);
    private long _elements, _storageElements;

    /// <summary>Checks every tensor the tree holds against the limits, then builds them.</summary>
    public object? Resolve(object? value)
    {
        Claim(value, 0, new HashSet<object>(ReferenceEqualityComparer.Instance));
        return Resolve(value, 0);
    }

    /// <summary>Sums the elements of the distinct tensors, so nothing is allocated for a file that would pass the limit.</summary>
    private void Claim(object? value, int depth, HashSet<object> seen)
    {
        if (depth > PickleLimits.MaxMarkDepth) throw new CheckpointFileException(file, $"checkpoint nests deeper than {PickleLimits.MaxMarkDepth} levels");
        if (value is not (TensorRef or PyDict or List<object?> or PyTuple) || !seen.Add(value)) return;
        switch (value)
        {
            case TensorRef t:
                _elements += Check(t);
                if (_elements > _limits.MaxCheckpointElements)
                    throw new CheckpointFileException(file, $"tensors hold more than {_limits.MaxCheckpointElements:N0} elements in all (limit) at a tensor of shape [{string.Join(", ", t.Size)}]");
                break;
            case PyDict d: foreach (var (_, v) in d.Items) Claim(v, depth + 1, seen); break;
            case List<object?> l: foreach (var v in l) Claim(v, depth + 1, seen); break;
            case PyTuple tuple: foreach (var v in tuple.Items) Claim(v, depth + 1, seen); break;
        }
    }

    /// <summary>The depth bound also stops self-referencing containers, which a pickle's memo can build.</summary>
    private object? Resolve(object? value, int depth)
    {
        if (depth > PickleLimits.MaxMarkDepth) throw new CheckpointFileException(file, $"checkpoint nests deeper than {PickleLimits.MaxMarkDepth} levels");
        if (value is not (TensorRef or PyDict or List<object?> or PyTuple)) return value;
        if (_done.TryGetValue(value, out var built)) return built;
        built = value switch
        {
            TensorRef t => Materialize(t),
            PyDict d => Rebuild(d, depth),
            List<object?> l => l.Select(v => Resolve(v, depth + 1)).ToList(),
            _ => new PyTuple(((PyTuple)value).Items.Select(v => Resolve(v, depth + 1)).ToArray()),
        };
        _done[value] = built;
        return built;
    }

    private PyDict Rebuild(PyDict dict, int depth)
    {
        var result = new PyDict();
        foreach (var (k, v) in dict.Items) result.Set(k, Resolve(v, depth + 1));
        return result;
    }

    /// <summary>The tensor's element count, once its shape and strides are known to stay inside the limit and its storage.</summary>
    private long Check(TensorRef t)
    {
        string shape = $"[{string.Join(", ", t.Size)}]";
        long count = 1;
        foreach (int d in t.Size)
            if ((count = (long)Int128.Min((Int128)count * d, long.MaxValue)) > _limits.MaxTensorElements) break;
        if (count > _limits.MaxTensorElements)
            throw new CheckpointFileException(file, $"a tensor of shape {shape} claims {Describe(t.Size)} elements (limit {_limits.MaxTensorElements:N0})");
        Int128 last = t.Offset;
        for (int d = 0; d < t.Size.Length; d++)
        {
            if (t.Stride[d] < 0) throw new CheckpointFileException(file, $"a tensor of shape {shape} has a negative stride {t.Stride[d]}");
            if (t.Size[d] > 0) last += (Int128)(t.Size[d] - 1) * t.Stride[d];
        }
        if (count > 0 && last >= t.Storage.Count)
            throw new CheckpointFileException(file,
                $"a tensor of shape {shape} reaches element {last} of storage '{t.Storage.Key}', which holds {t.Storage.Count}");
        return count;
    }

    private HostTensor Materialize(TensorRef t)
    {
        long count = HostTensor.ElementCount(t.Size);
        if (!_storages.TryGetValue(t.Storage.Key, out var data))
        {
            _storageElements += t.Storage.Count;
            if (_storageElements > _limits.MaxCheckpointElements)
                throw new CheckpointFileException(file, $"storages hold more than {_limits.MaxCheckpointElements:N0} elements in all (limit) at storage '{t.Storage.Key}'");
            _storages[t.Storage.Key] = data = storageData(t.Storage);
        }
        var result = new HostTensor((int[])t.Size.Clone());
        if (count > 0) Copy(data, t, 0, t.Offset, result.Data, 0);
        return result;
    }

    private static string Describe(int[] size) =>
        size.Aggregate(System.Numerics.BigInteger.One, (n, d) => n * d).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Copies dimension <paramref name="dim"/> onward in row-major order; returns the next output index.</summary>
    private static long Copy(float[] src, TensorRef t, int dim, long srcIndex, float[] dst, long dstIndex)
    {
        if (dim == t.Size.Length)
        {
            dst[dstIndex] = src[srcIndex];
            return dstIndex + 1;
        }
        if (dim == t.Size.Length - 1)
        {
            long stride = t.Stride[dim];
            var row = dst.AsSpan((int)dstIndex, t.Size[dim]);
            if (stride == 0) row.Fill(src[srcIndex]);
            else for (int i = 0; i < row.Length; i++) row[i] = src[srcIndex + i * stride];
            return dstIndex + row.Length;
        }
        for (int i = 0; i < t.Size[dim]; i++)
            dstIndex = Copy(src, t, dim + 1, srcIndex + i * t.Stride[dim], dst, dstIndex);
        return dstIndex;
    }
}
