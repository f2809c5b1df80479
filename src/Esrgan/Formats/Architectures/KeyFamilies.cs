using System.Text.RegularExpressions;

namespace Esrgan.Formats.Architectures;

/// <summary>
/// Renames the key families real ESRGAN files use to BasicSR's: ESRGAN's old arch (model.0, model.1.sub.{i}.RDB{k}.conv{j}.0, ...)
/// and new arch (RRDB_trunk, trunk_conv, upconv, HRconv). Also strips DataParallel's "module." prefix and drops
/// batch-norm num_batches_tracked counters, which no network here reads.
/// </summary>
internal static partial class KeyFamilies
{
    public static StateDict ToBasicSR(StateDict weights)
    {
        var keys = weights.Keys.Select(k => k.StartsWith("module.", StringComparison.Ordinal) ? k["module.".Length..] : k).ToList();
        Func<string, string> rename = keys.Any(k => k.StartsWith("model.1.sub.", StringComparison.Ordinal)) ? OldArch(keys)
            : keys.Any(k => k.StartsWith("RRDB_trunk.", StringComparison.Ordinal)) ? NewArch
            : k => k;
        var result = new StateDict();
        foreach (var (k, v) in weights.Metadata) result.Metadata[k] = v;
        for (int i = 0; i < keys.Count; i++)
        {
            if (keys[i].EndsWith(".num_batches_tracked", StringComparison.Ordinal)) continue;
            result.Add(rename(keys[i]), weights[weights.Keys[i]]);
        }
        return result;
    }

    private static string NewArch(string key)
    {
        var m = NewDense().Match(key);
        if (m.Success) return $"body.{m.Groups[1].Value}.rdb{m.Groups[2].Value}.conv{m.Groups[3].Value}.{m.Groups[4].Value}";
        return NewUp().Replace(key.Replace("trunk_conv.", "conv_body.").Replace("HRconv.", "conv_hr."), "conv_up$1.");
    }

    /// <summary>Old arch: model.0 first conv, model.1.sub the trunk (its last entry the trunk conv), then upsample convs, HR conv, last conv.</summary>
    private static Func<string, string> OldArch(List<string> keys)
    {
        int nb = keys.Select(k => OldDense().Match(k)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value) + 1).DefaultIfEmpty(0).Max();
        var tail = keys.Select(k => OldTop().Match(k)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value))
            .Where(n => n >= 2).Distinct().Order().ToList();
        var names = new Dictionary<int, string>();
        for (int i = 0; i < tail.Count; i++)
            names[tail[i]] = i == tail.Count - 1 ? "conv_last" : i == tail.Count - 2 ? "conv_hr" : $"conv_up{i + 1}";
        return key =>
        {
            var d = OldDense().Match(key);
            if (d.Success) return $"body.{d.Groups[1].Value}.rdb{d.Groups[2].Value}.conv{d.Groups[3].Value}.{d.Groups[4].Value}";
            if (key.StartsWith($"model.1.sub.{nb}.", StringComparison.Ordinal)) return "conv_body." + key[$"model.1.sub.{nb}.".Length..];
            if (key.StartsWith("model.0.", StringComparison.Ordinal)) return "conv_first." + key["model.0.".Length..];
            var t = OldTop().Match(key);
            return t.Success && names.TryGetValue(int.Parse(t.Groups[1].Value), out var n) ? $"{n}.{t.Groups[2].Value}" : key;
        };
    }

    [GeneratedRegex(@"^model\.1\.sub\.(\d+)\.RDB(\d)\.conv(\d)\.0\.(weight|bias)$")]
    private static partial Regex OldDense();
    [GeneratedRegex(@"^model\.(\d+)\.(weight|bias)$")]
    private static partial Regex OldTop();
    [GeneratedRegex(@"^RRDB_trunk\.(\d+)\.RDB(\d)\.conv(\d)\.(weight|bias)$")]
    private static partial Regex NewDense();
    [GeneratedRegex(@"^upconv(\d+)\.")]
    private static partial Regex NewUp();
}
