using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Esrgan.Training.Options;

/// <summary>An options file parsed as YAML, with command-line overrides (key.path=value) applied on top.</summary>
public static class OptionsDocument
{
    public static OptionSection Load(string file, IEnumerable<string> overrides)
    {
        if (!File.Exists(file)) throw new OptionsException($"{file}: options file not found");
        long size = new FileInfo(file).Length;
        if (size > LoadLimits.Current.MaxTextFileBytes)
            throw new OptionsException($"{file}: {size:N0} bytes is too large for an options file (limit {LoadLimits.Current.MaxTextFileBytes:N0})");
        var root = Parse(File.ReadAllText(file), file) as YamlMappingNode
            ?? throw new OptionsException($"{file}: the options file must be a YAML mapping of option names to values");
        foreach (var assignment in overrides) Apply(root, assignment, file);
        return new OptionSection(file, "", root);
    }

    private static YamlNode? Parse(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            CheckDepth(text, source);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new OptionsException($"{source}: invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        catch (Exception e) when (e is not (OptionsException or OperationCanceledException))
        {
            throw new OptionsException($"{source}: invalid YAML: {e.Message}");
        }
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    /// <summary>
    /// Building the node tree recurses once per level, so a deeply nested file would overflow the stack (which no
    /// handler can catch). The parser itself is iterative: its events are counted first.
    /// </summary>
    private static void CheckDepth(string text, string source)
    {
        int limit = LoadLimits.Current.MaxYamlDepth, depth = 0;
        var parser = new Parser(new StringReader(text));
        while (parser.MoveNext())
        {
            if (parser.Current is MappingStart or SequenceStart && ++depth > limit)
                throw new OptionsException($"{source}: line {parser.Current.Start.Line}: YAML nests deeper than {limit} levels (limit)");
            if (parser.Current is MappingEnd or SequenceEnd) depth--;
        }
    }

    /// <summary>Sets key.path to a YAML value, creating the mappings on the way.</summary>
    private static void Apply(YamlMappingNode root, string assignment, string file)
    {
        int eq = assignment.IndexOf('=');
        string path = eq > 0 ? assignment[..eq].Trim() : "";
        string[] keys = path.Split('.');
        if (eq <= 0 || keys.Any(k => k.Length == 0))
            throw new OptionsException($"--set '{assignment}': expected key.path=value (for example train.total_iter=1000)");
        var value = Parse(assignment[(eq + 1)..], $"--set {path}") ?? new YamlScalarNode("~");
        var node = root;
        for (int i = 0; i < keys.Length - 1; i++)
        {
            var key = new YamlScalarNode(keys[i]);
            if (!node.Children.TryGetValue(key, out var child) || OptionSection.IsNull(child))
            {
                child = new YamlMappingNode();
                node.Children[key] = child;
            }
            node = child as YamlMappingNode
                ?? throw new OptionsException($"--set {path}: {file} has a value, not a section, at '{string.Join('.', keys[..(i + 1)])}'");
        }
        node.Children[new YamlScalarNode(keys[^1])] = value;
    }
}
