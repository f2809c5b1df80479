using System.Numerics;
using Esrgan.Formats.Pickle;

namespace Esrgan.Formats.Torch;

/// <summary>
/// Reads the legacy (pre-1.6, non-zip) torch.save format: pickled magic number, protocol version and system
/// info, the pickled object, the pickled list of storage keys, then each storage as an int64 count and raw bytes.
/// </summary>
internal static class TorchLegacyReader
{
    private static readonly BigInteger Magic = BigInteger.Parse("119547037146038801333356");
    private const long ProtocolVersion = 1001;

    public static object? Read(byte[] bytes, string file, LoadLimits limits)
    {
        var input = new PickleInput(bytes, file);
        object? NextPickle(Func<object?, object> pid) => new Unpickler(input, pid, limits).Load();
        object NoIds(object? _) => throw new CheckpointFileException(file, $"unexpected persistent id in the file header");

        if (!Equals(ToBig(NextPickle(NoIds)), Magic))
            throw new CheckpointFileException(file, $"not a PyTorch checkpoint (legacy magic number missing)");
        if (NextPickle(NoIds) is not long protocol || protocol != ProtocolVersion)
            throw new CheckpointFileException(file, $"unsupported legacy checkpoint protocol");
        if (NextPickle(NoIds) is not PyDict info || info.Get("little_endian") is not true)
            throw new CheckpointFileException(file, $"only little-endian legacy checkpoints are supported");

        var ids = new StorageIds(file, limits);
        object? root = NextPickle(ids.Load);
        if (NextPickle(NoIds) is not List<object?> keys)
            throw new CheckpointFileException(file, $"storage key list missing after the pickled object (truncated?)");

        var storages = new Dictionary<string, float[]>(StringComparer.Ordinal);
        long total = 0;
        foreach (var k in keys)
        {
            if (k is not string key || !ids.Seen.TryGetValue(key, out var storage))
                throw new CheckpointFileException(file, $"storage key '{k}' is listed but no tensor uses it");
            long count = input.Int64();
            if (count != storage.Count)
                throw new CheckpointFileException(file, $"storage '{key}' holds {count} elements but the checkpoint claims {storage.Count}");
            if ((total += count) > limits.MaxCheckpointElements)
                throw new CheckpointFileException(file, $"storages hold more than {limits.MaxCheckpointElements:N0} elements in all (limit) at storage '{key}'");
            storages[key] = storage.DType.ToFloat(input.Bytes(count * storage.DType.Size())); // count is bounded, so no overflow
        }
        return new TensorMaterializer(file, s => storages.TryGetValue(s.Key, out var d) ? d
            : throw new CheckpointFileException(file, $"storage '{s.Key}' is not in the file"), limits).Resolve(root);
    }

    private static BigInteger? ToBig(object? value) => value switch
    {
        BigInteger b => b,
        long l => l,
        _ => null,
    };
}
