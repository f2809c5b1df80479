using Esrgan.Models.Architectures;

namespace Esrgan.Formats.Architectures;

/// <summary>Checks that weights are exactly what a spec's network has, and returns them in the network's module order.</summary>
internal static class LayoutValidator
{
    public static StateDict Canonical(StateDict weights, ModelSpec spec, string source)
    {
        IReadOnlyList<(string Name, int[] Shape)> layout;
        try { layout = ArchitectureRegistry.Layout(spec); }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{source}: {spec} is not a valid network: {e.Message}", e);
        }
        var expected = layout.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var missing = layout.Where(e => !weights.Contains(e.Name)).Select(e => e.Name).ToList();
        var unexpected = weights.Keys.Where(k => !expected.Contains(k)).ToList();
        var wrongShape = layout.Where(e => weights.TryGet(e.Name, out var t) && !t.ShapeEquals(e.Shape))
            .Select(e => $"{e.Name} is [{string.Join(", ", weights[e.Name].Shape)}], expected [{string.Join(", ", e.Shape)}]").ToList();
        if (missing.Count + unexpected.Count + wrongShape.Count > 0)
            throw new InvalidDataException(
                $"{source}: weights do not fit {spec} ({layout.Count} tensors expected, {weights.Count} found)."
                + List("missing", missing) + List("unexpected", unexpected) + List("wrong shape", wrongShape));

        var result = new StateDict();
        foreach (var (k, v) in weights.Metadata) result.Metadata[k] = v;
        foreach (var (name, _) in layout) result.Add(name, weights[name]);
        return result;
    }

    private static string List(string label, List<string> items) =>
        items.Count == 0 ? "" : $" {items.Count} {label}: {string.Join(", ", items.Take(20))}{(items.Count > 20 ? ", ..." : "")}.";
}
