using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Esrgan.Training.Options;

/// <summary>
/// One mapping of an options file, read key by key with typed accessors whose errors name the file and the
/// dotted key. Keys that nothing read (or explicitly ignored) are reported by <see cref="RejectUnknown"/>.
/// </summary>
public sealed class OptionSection
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<OptionSection> _sections = [];

    internal OptionSection(string file, string path, YamlMappingNode node)
    {
        File = file;
        Path = path;
        _node = node;
    }

    public string File { get; }
    public string Path { get; }

    public IReadOnlyList<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "").ToList();

    /// <summary>This mapping written back as YAML (for the effective options of a run, overrides applied).</summary>
    public string ToYaml()
    {
        var text = new StringWriter();
        new YamlStream(new YamlDocument(_node)).Save(text, assignAnchors: false);
        return text.ToString();
    }

    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => Node(key, markRead: false) != null;

    public string? OptionalString(string key) => Node(key) is { } n ? Scalar(key, n) : null;

    public string String(string key) => OptionalString(key) ?? throw Missing(key);

    public string String(string key, string fallback) => OptionalString(key) ?? fallback;

    public int Int(string key) => Node(key) is { } n ? ParseInt(key, n) : throw Missing(key);

    public int Int(string key, int fallback) => Node(key) is { } n ? ParseInt(key, n) : fallback;

    public double Double(string key, double fallback) => Node(key) is { } n ? ParseDouble(key, n) : fallback;

    public double Double(string key) => Node(key) is { } n ? ParseDouble(key, n) : throw Missing(key);

    public bool Bool(string key, bool fallback) => Node(key) is { } n ? Scalar(key, n).ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        var v => throw Wrong(key, $"'{v}' is not true or false"),
    } : fallback;

    public IReadOnlyList<double> Doubles(string key, IReadOnlyList<double> fallback) =>
        Node(key) is { } n ? Items(key, n).Select(i => ParseDouble(key, i)).ToList() : fallback;

    /// <summary>A single string or a list of strings.</summary>
    public IReadOnlyList<string> Strings(string key) =>
        Node(key) is { } n ? n is YamlScalarNode ? [Scalar(key, n)] : Items(key, n).Select(i => Scalar(key, i)).ToList() : [];

    public OptionSection? Section(string key)
    {
        if (Node(key) is not { } n) return null;
        var section = new OptionSection(File, KeyPath(key), n as YamlMappingNode ?? throw Wrong(key, "expected a section (a mapping of names to values)"));
        _sections.Add(section);
        return section;
    }

    public OptionSection RequiredSection(string key) => Section(key) ?? throw Missing(key);

    /// <summary>Accepts keys that BasicSR files carry but that do not change anything here.</summary>
    public void Ignore(params string[] keys)
    {
        foreach (var k in keys) _read.Add(k);
    }

    /// <summary>Throws for the first key of this section (or of any section read from it) that nothing used.</summary>
    public void RejectUnknown()
    {
        var unknown = Keys.FirstOrDefault(k => !_read.Contains(k));
        if (unknown != null)
            throw new OptionsException($"{File}: unknown option '{KeyPath(unknown)}'"
                + (_read.Count > 0 ? $" (known here: {string.Join(", ", _read.Order(StringComparer.Ordinal))})" : ""));
        foreach (var s in _sections) s.RejectUnknown();
    }

    public OptionsException Wrong(string key, string problem) => new($"{File}: option '{KeyPath(key)}': {problem}");

    private OptionsException Missing(string key) => new($"{File}: required option '{KeyPath(key)}' is missing");

    private YamlNode? Node(string key, bool markRead = true)
    {
        if (markRead) _read.Add(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var n) && !IsNull(n) ? n : null;
    }

    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private string Scalar(string key, YamlNode node) =>
        node is YamlScalarNode s ? s.Value ?? "" : throw Wrong(key, "expected a single value, not a list or section");

    private IEnumerable<YamlNode> Items(string key, YamlNode node) =>
        node is YamlSequenceNode seq ? seq.Children : throw Wrong(key, "expected a list such as [1, 2]");

    private int ParseInt(string key, YamlNode node)
    {
        string v = Scalar(key, node);
        // Iteration counts are often written as 2e5 or 200_000.
        if (double.TryParse(v.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue)
            return (int)d;
        throw Wrong(key, $"'{v}' is not a whole number");
    }

    private double ParseDouble(string key, YamlNode node)
    {
        string v = Scalar(key, node);
        return double.TryParse(v.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            ? d : throw Wrong(key, $"'{v}' is not a number");
    }
}
