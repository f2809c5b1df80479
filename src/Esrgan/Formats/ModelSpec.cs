namespace Esrgan.Formats;

/// <summary>
/// A network type and its integer hyper-parameters, both named as in BasicSR
/// (for example RRDBNet with num_in_ch, num_out_ch, num_feat, num_block, num_grow_ch, scale).
/// </summary>
internal sealed record ModelSpec(string Type, IReadOnlyDictionary<string, int> Options)
{
    public int this[string option] => Options.TryGetValue(option, out int v) ? v
        : throw new KeyNotFoundException($"{Type} has no option '{option}'");

    /// <summary>The upscaling factor; null for networks that do not upscale (discriminators).</summary>
    public int? Scale => Options.TryGetValue("scale", out int s) ? s
        : Options.TryGetValue("upscale", out int u) ? u : null;

    public bool Equals(ModelSpec? other) =>
        other is not null && Type == other.Type && Options.Count == other.Options.Count
        && Options.All(kv => other.Options.TryGetValue(kv.Key, out int v) && v == kv.Value);

    public override int GetHashCode() => Type.GetHashCode(StringComparison.Ordinal);

    public override string ToString() =>
        $"{Type}({string.Join(", ", Options.Select(kv => $"{kv.Key}={kv.Value}"))})";
}
