using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>Stateless operations between tensors that composite modules use in their forward and backward passes.</summary>
internal static class TensorOps
{
    /// <summary>alpha * a + beta * b as a new tensor in a's layout.</summary>
    public static Tensor Add(Tensor a, Tensor b, float alpha = 1f, float beta = 1f)
    {
        var result = Tensor.Empty(a.N, a.C, a.H, a.W, a.Layout);
        using var bSame = InLayout(b, a.Layout);
        Backend.Current.Axpby(alpha, a, beta, bSame, result);
        return result;
    }

    public static Tensor Scale(Tensor a, float alpha)
    {
        var result = Tensor.Empty(a.N, a.C, a.H, a.W, a.Layout);
        Backend.Current.Scale(alpha, a, result);
        return result;
    }

    /// <summary>Adds <paramref name="source"/> into <paramref name="target"/> (any layouts).</summary>
    public static void AddInto(Tensor target, Tensor source)
    {
        using var same = InLayout(source, target.Layout);
        Backend.Current.Axpby(1f, target, 1f, same, target);
    }

    /// <summary>
    /// <paramref name="t"/>'s values in <paramref name="layout"/>, for the caller to dispose: another reference to the
    /// same data when already in that layout (read it, do not write it), else a reordered copy.
    /// </summary>
    public static Tensor InLayout(Tensor t, TensorLayout layout)
    {
        if (t.Layout == layout) return t.Share();
        var copy = Tensor.Empty(t.N, t.C, t.H, t.W, layout);
        Backend.Current.Reorder(t, copy);
        return copy;
    }

    /// <summary>torch.cat(parts, dim=1).</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> parts, TensorLayout layout)
    {
        var first = parts[0];
        var result = Tensor.Empty(first.N, parts.Sum(p => p.C), first.H, first.W, layout);
        int offset = 0;
        foreach (var p in parts)
        {
            Backend.Current.CopyChannels(p, 0, result, offset, p.C, accumulate: false);
            offset += p.C;
        }
        return result;
    }

    /// <summary>Channels [start, start+count) as a new tensor (the backward of a concatenation).</summary>
    public static Tensor SliceChannels(Tensor t, int start, int count)
    {
        var result = Tensor.Empty(t.N, count, t.H, t.W, t.Layout);
        Backend.Current.CopyChannels(t, start, result, 0, count, accumulate: false);
        return result;
    }
}
