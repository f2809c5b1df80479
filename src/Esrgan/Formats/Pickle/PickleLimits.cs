namespace Esrgan.Formats.Pickle;

/// <summary>Bounds that keep a hostile pickle from exhausting memory or nesting without end.</summary>
internal static class PickleLimits
{
    public const int MaxStack = 1 << 20;
    public const int MaxMarkDepth = 64;
    public const int MaxMemo = 1 << 22;
    public const int MaxIntBytes = 16;
    public const int MaxTensorRank = 8;
}
