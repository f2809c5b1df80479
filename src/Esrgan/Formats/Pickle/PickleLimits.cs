namespace Esrgan.Formats.Pickle;

/// <summary>Fixed bounds of the pickle machine; the ones that depend on memory are in <see cref="LoadLimits"/>.</summary>
internal static class PickleLimits
{
    public const int MaxStack = 1 << 20;
    public const int MaxMarkDepth = 64;
    public const int MaxIntBytes = 16;
    public const int MaxTensorRank = 8;
}
