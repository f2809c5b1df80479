using System.Globalization;

namespace Esrgan.Formats.Ncnn;

/// <summary>One layer line of an ncnn .param file: type, name, input and output blobs, and key=value parameters.</summary>
internal sealed record NcnnLayer(string Type, string Name, string[] Inputs, string[] Outputs, Dictionary<int, string> Params)
{
    public int Int(int key, int fallback) => Params.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public float Float(int key, float fallback) =>
        Params.TryGetValue(key, out var v) ? float.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Array parameters are written under key -23300-k as "count,v1,v2,...".</summary>
    public float[] Floats(int key) => Params.TryGetValue(key, out var v)
        ? v.Split(',').Skip(1).Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [];
}

/// <summary>Parses the text .param format: magic 7767517, "layer_count blob_count", then one line per layer.</summary>
internal static class NcnnParam
{
    public const string Magic = "7767517";

    public static List<NcnnLayer> Parse(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count < 2 || lines[0].Trim() != Magic) throw new InvalidDataException($"{path}: not an ncnn .param file (magic {Magic} missing)");
        int count = int.Parse(lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
        if (lines.Count - 2 != count) throw new InvalidDataException($"{path}: header announces {count} layers but {lines.Count - 2} follow (truncated?)");
        return lines.Skip(2).Select((l, i) => ParseLayer(l, path, i + 3)).ToList();
    }

    private static NcnnLayer ParseLayer(string line, string path, int lineNumber)
    {
        var f = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        try
        {
            int nIn = int.Parse(f[2], CultureInfo.InvariantCulture), nOut = int.Parse(f[3], CultureInfo.InvariantCulture);
            var parameters = f.Skip(4 + nIn + nOut).Select(p => p.Split('=', 2))
                .ToDictionary(p => int.Parse(p[0], CultureInfo.InvariantCulture), p => p[1]);
            return new NcnnLayer(f[0], f[1], f[4..(4 + nIn)], f[(4 + nIn)..(4 + nIn + nOut)], parameters);
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentException)
        {
            throw new InvalidDataException($"{path}:{lineNumber}: malformed layer line '{line}'", e);
        }
    }
}
