using Esrgan.Formats.Pickle;

namespace Esrgan.Formats.Torch;

/// <summary>
/// Turns torch's persistent ids ('storage', torch.FloatStorage, key, location, numel[, view]) into storage
/// references, remembering each so the reader can fetch and check the raw bytes afterwards.
/// </summary>
internal sealed class StorageIds(string file, LoadLimits limits)
{
    public Dictionary<string, StorageRef> Seen { get; } = new(StringComparer.Ordinal);

    public object Load(object? pid)
    {
        if (pid is not PyTuple { Items: ["storage", PyGlobal type, string key, string, long count, ..] } id)
            throw new PickleSecurityException(file, "refused persistent id that is not a torch storage reference");
        if (id.Items.Length > 6 || (id.Items.Length == 6 && id.Items[5] != null))
            throw new CheckpointFileException(file, $"storage '{key}' is a pre-0.4 storage view, which is not supported");
        var dtype = PickleGlobals.StorageType(type) ?? throw new PickleSecurityException(file, $"'{type.FullName}' is not a storage type");
        if (count < 0) throw new CheckpointFileException(file, $"storage '{key}' has a negative size {count}");
        if (count > limits.MaxCheckpointElements)
            throw new CheckpointFileException(file, $"storage '{key}' claims {count:N0} elements (limit {limits.MaxCheckpointElements:N0})");
        var storage = new StorageRef(key, dtype, count);
        if (Seen.TryGetValue(key, out var earlier) && earlier != storage)
            throw new CheckpointFileException(file, $"storage '{key}' is described two different ways");
        Seen[key] = storage;
        return storage;
    }
}
