using System.IO.Compression;
using Esrgan.Formats.Pickle;

namespace Esrgan.Formats.Torch;

/// <summary>Reads torch.save's zip format (torch 1.6 and later): &lt;name&gt;/data.pkl plus one raw entry per storage.</summary>
internal static class TorchZipReader
{
    public static object? Read(Stream stream, string file)
    {
        ZipArchive zip;
        try { zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{file}: not a readable PyTorch zip checkpoint (truncated or corrupt): {e.Message}", e); }
        using (zip)
        {
            var pkl = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
                ?? throw new InvalidDataException($"{file}: zip file has no <name>/data.pkl, so it is not a PyTorch checkpoint");
            string prefix = pkl.FullName[..^"data.pkl".Length];
            var ids = new StorageIds(file);
            object? root = new Unpickler(new PickleInput(ReadEntry(pkl, pkl.Length, file), file), ids.Load).Load();
            return new TensorMaterializer(file, s => ReadStorage(zip, prefix, s, file)).Resolve(root);
        }
    }

    private static float[] ReadStorage(ZipArchive zip, string prefix, StorageRef storage, string file)
    {
        var entry = zip.GetEntry($"{prefix}data/{storage.Key}")
            ?? throw new InvalidDataException($"{file}: storage '{storage.Key}' is missing from the archive");
        long bytes = storage.Count * storage.DType.Size();
        if (entry.Length < bytes)
            throw new InvalidDataException($"{file}: storage '{storage.Key}' holds {entry.Length} bytes but the checkpoint claims {bytes}");
        return storage.DType.ToFloat(ReadEntry(entry, bytes, file));
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, long bytes, string file)
    {
        if (bytes > Array.MaxLength) throw new InvalidDataException($"{file}: entry '{entry.FullName}' is too large ({bytes} bytes)");
        var data = new byte[bytes];
        try
        {
            using var s = entry.Open();
            s.ReadExactly(data);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"{file}: entry '{entry.FullName}' cannot be read (truncated or corrupt): {e.Message}", e);
        }
        return data;
    }
}
