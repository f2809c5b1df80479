using System.Globalization;

namespace Esrgan.Formats.Ncnn;

/// <summary>One layer line of an ncnn .param file: type, name, input and output blobs, and key=value parameters.</summary>
internal sealed record NcnnLayer(string File, string Type, string Name, string[] Inputs, string[] Outputs, Dictionary<int, string> Params)
{
    public int Int(int key, int fallback) => !Params.TryGetValue(key, out var v) ? fallback
        : int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i) ? i
        : throw new NcnnFileException(File, $"layer {Name} parameter {key}={v} is not a 32-bit integer");

    public float Float(int key, float fallback) => !Params.TryGetValue(key, out var v) ? fallback : ParseFloat(key, v);

    /// <summary>Array parameters are written under key -23300-k as "count,v1,v2,...".</summary>
    public float[] Floats(int key) => Params.TryGetValue(key, out var v) ? v.Split(',').Skip(1).Select(s => ParseFloat(key, s)).ToArray() : [];

    private float ParseFloat(int key, string v) => float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) ? f
        : throw new NcnnFileException(File, $"layer {Name} parameter {key} value '{v}' is not a number");
}

/// <summary>Parses the text .param format: magic 7767517, "layer_count blob_count", then one line per layer.</summary>
internal static class NcnnParam
{
    public const string Magic = "7767517";

    public static List<NcnnLayer> Parse(string path, LoadLimits limits)
    {
        long size = new FileInfo(path).Length;
        if (size > limits.MaxTextFileBytes)
            throw new NcnnFileException(path, $".param file is {size:N0} bytes (limit {limits.MaxTextFileBytes:N0})");
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count < 2 || lines[0].Trim() != Magic) throw new NcnnFileException(path, $"not an ncnn .param file (magic {Magic} missing)");
        var counts = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int layers = Count(counts, 0, "layer count", limits.MaxNcnnLayers, path), blobs = Count(counts, 1, "blob count", limits.MaxNcnnBlobs, path);
        if (lines.Count - 2 != layers) throw new NcnnFileException(path, $"header announces {layers} layers but {lines.Count - 2} follow (truncated?)");
        var result = lines.Skip(2).Select((l, i) => ParseLayer(l, path, i + 3, blobs)).ToList();
        int named = result.SelectMany(l => l.Outputs).Distinct(StringComparer.Ordinal).Count();
        if (named > blobs) throw new NcnnFileException(path, $"layers produce {named} blobs but the header announces {blobs}");
        return result;
    }

    private static int Count(string[] fields, int index, string what, int limit, string path) =>
        index < fields.Length && int.TryParse(fields[index], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n <= limit ? n
            : throw new NcnnFileException(path, $"line 2: {what} '{(index < fields.Length ? fields[index] : "")}' is not a whole number from 0 to {limit:N0} (limit)");

    private static NcnnLayer ParseLayer(string line, string path, int lineNumber, int blobs)
    {
        var f = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        int Blobs(int i) => i < f.Length && int.TryParse(f[i], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n <= blobs ? n
            : throw new NcnnFileException(path, $"line {lineNumber}: blob count '{(i < f.Length ? f[i] : "")}' is not a whole number from 0 to the header's {blobs}");
        int nIn = Blobs(2), nOut = Blobs(3);
        if (f.Length < 4 + nIn + nOut) throw new NcnnFileException(path, $"line {lineNumber}: layer {f[1]} names fewer blobs than its counts {nIn} and {nOut}");
        var parameters = new Dictionary<int, string>();
        foreach (var p in f.Skip(4 + nIn + nOut))
        {
            int eq = p.IndexOf('=');
            if (eq <= 0 || !int.TryParse(p[..eq], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int key) || !parameters.TryAdd(key, p[(eq + 1)..]))
                throw new NcnnFileException(path, $"line {lineNumber}: layer {f[1]} parameter '{p}' is not a new key=value pair");
        }
        return new NcnnLayer(path, f[0], f[1], f[4..(4 + nIn)], f[(4 + nIn)..(4 + nIn + nOut)], parameters);
    }
}
