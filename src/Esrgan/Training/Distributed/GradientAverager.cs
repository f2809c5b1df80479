using System.Numerics.Tensors;
using Esrgan.Engine;

namespace Esrgan.Training.Distributed;

/// <summary>
/// Averages gradients over all ranks as DDP does: parameters in reverse registration order (the order backward
/// finishes them) are packed into buckets of about <see cref="BucketBytes"/>, each bucket is summed with one
/// allreduce and scaled by 1/ranks. Few large messages instead of one per tensor keep the per-call latency small.
/// The buckets are not overlapped with backward: the layers' backward passes report no per-parameter completion,
/// and on CPU nodes backward already occupies every core and the memory bandwidth the reduction would need.
/// </summary>
public sealed class GradientAverager(ICollectiveCommunicator communicator, int bucketBytes = GradientAverager.BucketBytes) : IGradientSynchronizer
{
    /// <summary>DDP's default bucket_cap_mb.</summary>
    public const int BucketBytes = 25 << 20;

    private float[] _bucket = [];

    public void Synchronize(IReadOnlyList<ParameterData> parameters)
    {
        int capacity = Math.Max(1, bucketBytes / sizeof(float));
        float scale = 1f / communicator.Size;
        var members = new List<ParameterData>();
        int filled = 0;
        for (int i = parameters.Count - 1; i >= 0; i--)
        {
            var p = parameters[i];
            if (filled > 0 && filled + p.Grad.Length > capacity)
            {
                Reduce(members, filled, scale);
                members.Clear();
                filled = 0;
            }
            members.Add(p);
            filled += p.Grad.Length;
        }
        if (filled > 0) Reduce(members, filled, scale);
    }

    private void Reduce(List<ParameterData> members, int length, float scale)
    {
        if (_bucket.Length < length) _bucket = new float[length];
        var bucket = _bucket.AsSpan(0, length);
        int offset = 0;
        foreach (var p in members)
        {
            p.Grad.CopyTo(bucket[offset..]);
            offset += p.Grad.Length;
        }
        communicator.AllreduceSum(bucket);
        offset = 0;
        foreach (var p in members)
        {
            TensorPrimitives.Multiply(bucket.Slice(offset, p.Grad.Length), scale, p.Grad);
            offset += p.Grad.Length;
        }
    }
}
