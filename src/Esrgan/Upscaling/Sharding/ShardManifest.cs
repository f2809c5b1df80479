using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Esrgan.Upscaling.Sharding;

/// <summary>
/// OUT/.esrgan/shard-K-of-N.jsonl: appended one line at a time, each flushed to disk before the next input starts,
/// so a killed shard loses at most the line of the file it was on. A torn last line is ignored when reading.
/// </summary>
public sealed class ShardManifest : IDisposable
{
    public const string FolderName = ".esrgan";
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault };
    private readonly FileStream _stream;

    public ShardManifest(string outputFolder, ShardSpec shard)
    {
        FilePath = PathFor(outputFolder, shard);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        Entries = Read(FilePath);
        _stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
        if (_stream.Length > 0 && !EndsWithNewline(FilePath)) _stream.WriteByte((byte)'\n');
    }

    private static bool EndsWithNewline(string path)
    {
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte() == '\n';
    }

    public string FilePath { get; }

    /// <summary>The lines written by earlier runs of this shard.</summary>
    public IReadOnlyList<ManifestEntry> Entries { get; }

    public static string PathFor(string outputFolder, ShardSpec shard) =>
        Path.Combine(outputFolder, FolderName, string.Create(CultureInfo.InvariantCulture, $"shard-{shard.Index}-of-{shard.Count}.jsonl"));

    public void Append(ManifestEntry entry)
    {
        _stream.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, Json) + "\n"));
        _stream.Flush(flushToDisk: true);
    }

    public static List<ManifestEntry> Read(string path)
    {
        var entries = new List<ManifestEntry>();
        if (!File.Exists(path)) return entries;
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            try
            {
                if (JsonSerializer.Deserialize<ManifestEntry>(line, Json) is { } entry) entries.Add(entry);
            }
            catch (JsonException)
            {
                // a line torn by a kill: its input is simply not recorded as done
            }
        }
        return entries;
    }

    public void Dispose() => _stream.Dispose();
}
