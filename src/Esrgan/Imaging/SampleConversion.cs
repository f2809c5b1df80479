namespace Esrgan.Imaging;

/// <summary>Converts between stored integer samples and [0,1] floats; writing rounds half up and clamps.</summary>
internal static class SampleConversion
{
    public static void FromBytes(ReadOnlySpan<byte> source, Span<float> destination)
    {
        for (int i = 0; i < source.Length; i++) destination[i] = source[i] / 255f;
    }

    public static void FromUInt16(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        for (int i = 0; i < source.Length; i++) destination[i] = source[i] / 65535f;
    }

    public static void ToBytes(ReadOnlySpan<float> source, Span<byte> destination)
    {
        for (int i = 0; i < source.Length; i++) destination[i] = ToByte(source[i]);
    }

    public static void ToUInt16(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        for (int i = 0; i < source.Length; i++) destination[i] = (ushort)(Clamp(source[i]) * 65535f + 0.5f);
    }

    /// <summary>
    /// Converts pixels to 8-bit with another channel count, for formats with fixed layouts:
    /// dropping alpha (GA to G, RGBA to RGB) or spreading gray over RGB (G to RGB, GA to RGBA).
    /// </summary>
    public static void ToBytes(ReadOnlySpan<float> source, int sourceChannels, Span<byte> destination, int destinationChannels)
    {
        if (sourceChannels == destinationChannels)
        {
            ToBytes(source, destination);
            return;
        }
        int colors = destinationChannels >= 3 ? 3 : 1;
        bool alpha = destinationChannels is 2 or 4;
        for (int s = 0, d = 0; s < source.Length; s += sourceChannels, d += destinationChannels)
        {
            for (int k = 0; k < colors; k++) destination[d + k] = ToByte(source[s + (sourceChannels >= 3 ? k : 0)]);
            if (alpha) destination[d + colors] = ToByte(source[s + sourceChannels - 1]);
        }
    }

    private static byte ToByte(float x) => (byte)(Clamp(x) * 255f + 0.5f);

    // Written so that NaN maps to 0.
    private static float Clamp(float x) => x >= 0f ? (x <= 1f ? x : 1f) : 0f;
}
