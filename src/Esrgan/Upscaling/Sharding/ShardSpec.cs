using System.Globalization;
using System.Text;

namespace Esrgan.Upscaling.Sharding;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (0-based, written K/N): the inputs whose relative path, as UTF-8
/// with '/' separators, has a 64-bit FNV-1a hash equal to K modulo N. The hash depends on the path alone, so shards
/// agree across machines and runs, and adding files never moves finished ones to another shard.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>More shards than this is a typo rather than a job array.</summary>
    public const int MaxCount = 1_000_000;

    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            || n < 1 || n > MaxCount || k >= n)
            throw new ArgumentException($"--shard {text}: expected K/N with 0 <= K < N <= {MaxCount} (e.g. 0/4)");
        return new ShardSpec(k, n);
    }

    public bool Contains(string relativePath) => (int)(Hash(relativePath) % (ulong)Count) == Index;

    /// <summary>FNV-1a (64 bit) of the path's UTF-8 bytes with '\' written as '/'.</summary>
    public static ulong Hash(string relativePath)
    {
        ulong hash = 0xcbf29ce484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(relativePath.Replace('\\', '/')))
            hash = unchecked((hash ^ b) * 0x100000001b3UL);
        return hash;
    }

    public override string ToString() => $"{Index}/{Count}";
}
