namespace Esrgan.Engine;

/// <summary>
/// Physical arrangement of a 4-D activation: plain NCHW (Block 1) or channel-blocked nChw{B}c, where channels are
/// padded with zeros to a multiple of B and stored innermost. Both are "outer x H x W x inner" arrays, which lets
/// spatial kernels serve either layout.
/// </summary>
internal readonly record struct TensorLayout(int Block)
{
    public static readonly TensorLayout Plain = new(1);

    public bool IsPlain => Block == 1;

    public int PaddedChannels(int channels) => (channels + Block - 1) / Block * Block;

    public long PhysicalLength(int n, int c, int h, int w) => (long)n * PaddedChannels(c) * h * w;

    /// <summary>Offset of element (n, c, h, w) from the tensor's start.</summary>
    public long Offset(int c, int h, int w, int n, int channels, int height, int width)
    {
        if (IsPlain) return (((long)n * channels + c) * height + h) * width + w;
        int blocks = PaddedChannels(channels) / Block;
        return ((((long)n * blocks + c / Block) * height + h) * width + w) * Block + c % Block;
    }

    public override string ToString() => IsPlain ? "nchw" : $"nChw{Block}c";
}
