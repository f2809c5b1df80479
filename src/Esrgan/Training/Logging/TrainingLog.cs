using System.Globalization;
using System.Text;
using System.Text.Json;
using Esrgan.IO;

namespace Esrgan.Training.Logging;

/// <summary>
/// The JSON-lines log: {"kind": "train"|"val", "iter": N, name: value, ...} per line. The whole file is rewritten
/// atomically on each flush, so a crash never leaves a torn line; a resumed run drops what came after its state.
/// </summary>
internal sealed class TrainingLog(string path)
{
    private readonly List<LogEntry> _entries = [];
    private readonly StringBuilder _text = new();

    public IReadOnlyList<LogEntry> Entries => _entries;

    /// <summary>Reads the entries of an earlier run up to and including <paramref name="lastIteration"/>.</summary>
    public void LoadExisting(long lastIteration)
    {
        if (!File.Exists(path)) return;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            var entry = Parse(line);
            if (entry.Iteration <= lastIteration) Add(entry);
        }
    }

    public void Add(LogEntry entry)
    {
        _entries.Add(entry);
        _text.Append(Format(entry)).Append('\n');
    }

    public void Flush() => AtomicFile.WriteAllText(path, _text.ToString());

    public static string Format(LogEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", entry.Kind);
            json.WriteNumber("iter", entry.Iteration);
            foreach (var (k, v) in entry.Values)
                if (double.IsFinite(v)) json.WriteNumber(k, v);
                else json.WriteString(k, v.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private LogEntry Parse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in root.EnumerateObject())
                if (p.Name is not ("kind" or "iter"))
                    values[p.Name] = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble()
                        : double.Parse(p.Value.GetString() ?? "NaN", CultureInfo.InvariantCulture);
            return new LogEntry(root.GetProperty("kind").GetString() ?? "", root.GetProperty("iter").GetInt64(), values);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: unreadable log line '{line}': {e.Message}", e);
        }
    }
}
