using System.IO.Compression;
using Esrgan.Formats.Pickle;

namespace Esrgan.Formats.Torch;

/// <summary>Reads torch.save's zip format (torch 1.6 and later): &lt;name&gt;/data.pkl plus one raw entry per storage.</summary>
internal static class TorchZipReader
{
    public static object? Read(Stream stream, string file, LoadLimits limits)
    {
        using var zip = Open(stream, file);
        var pkl = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
            ?? throw new CheckpointFileException(file, "zip file has no <name>/data.pkl, so it is not a PyTorch checkpoint");
        string prefix = pkl.FullName[..^"data.pkl".Length];
        var ids = new StorageIds(file, limits);
        object? root = new Unpickler(new PickleInput(ReadEntry(pkl, pkl.Length, file, limits), file), ids.Load, limits).Load();
        return new TensorMaterializer(file, s => ReadStorage(zip, prefix, s, file, limits), limits).Resolve(root);
    }

    private static ZipArchive Open(Stream stream, string file)
    {
        try { return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            throw new CheckpointFileException(file, $"not a readable PyTorch zip checkpoint (truncated or corrupt): {e.Message}", e);
        }
    }

    private static float[] ReadStorage(ZipArchive zip, string prefix, StorageRef storage, string file, LoadLimits limits)
    {
        var entry = zip.GetEntry($"{prefix}data/{storage.Key}")
            ?? throw new CheckpointFileException(file, $"storage '{storage.Key}' is missing from the archive");
        long bytes = storage.Count * storage.DType.Size(); // Count is bounded by the element limit, so this cannot overflow
        if (entry.Length < bytes)
            throw new CheckpointFileException(file, $"storage '{storage.Key}' holds {entry.Length} bytes but the checkpoint claims {bytes}");
        return storage.DType.ToFloat(ReadEntry(entry, bytes, file, limits));
    }

    /// <summary>
    /// Reads the first <paramref name="bytes"/> bytes of an entry. The size is checked against the limit before the
    /// buffer is allocated, and no more is inflated than that, whatever the entry claims or holds (zip bombs).
    /// </summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, long bytes, string file, LoadLimits limits)
    {
        if (bytes < 0 || bytes > limits.MaxZipEntryBytes || bytes > Array.MaxLength)
            throw new CheckpointFileException(file, $"zip entry '{entry.FullName}' inflates to {bytes:N0} bytes (limit {Math.Min(limits.MaxZipEntryBytes, Array.MaxLength):N0})");
        var data = new byte[bytes];
        try
        {
            using var s = entry.Open();
            s.ReadExactly(data);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or NotSupportedException)
        {
            throw new CheckpointFileException(file, $"zip entry '{entry.FullName}' cannot be read (truncated or corrupt): {e.Message}", e);
        }
        return data;
    }
}
