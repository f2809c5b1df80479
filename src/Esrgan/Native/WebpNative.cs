using System.Runtime.InteropServices;

namespace Esrgan.Native;

/// <summary>P/Invoke surface of libwebp 1.2's simple decoding and encoding API (webp/decode.h, webp/encode.h).</summary>
internal static unsafe partial class WebpNative
{
    private const string Lib = "libwebp.so.7";
    public static readonly NativeCodecLibrary Library = new(Lib, "libwebp7");

    public const int DecoderAbiVersion = 0x0209; // WEBP_DECODER_ABI_VERSION, checked by WebPGetFeaturesInternal
    public const int StatusOk = 0, StatusNotEnoughData = 7;
    public const int MaxDimension = 16383;
    public const int FormatLossless = 2; // BitstreamFeatures.Format: 0 mixed or undefined, 1 lossy, 2 lossless

    [StructLayout(LayoutKind.Sequential)]
    public struct BitstreamFeatures
    {
        public int Width;
        public int Height;
        public int HasAlpha;
        public int HasAnimation;
        public int Format;
        public fixed uint Pad[5];
    }

    [LibraryImport(Lib, EntryPoint = "WebPGetFeaturesInternal")]
    public static partial int GetFeaturesInternal(byte* data, nuint size, BitstreamFeatures* features, int version);

    [LibraryImport(Lib, EntryPoint = "WebPDecodeRGBInto")]
    public static partial byte* DecodeRgbInto(byte* data, nuint size, byte* output, nuint outputSize, int stride);

    [LibraryImport(Lib, EntryPoint = "WebPDecodeRGBAInto")]
    public static partial byte* DecodeRgbaInto(byte* data, nuint size, byte* output, nuint outputSize, int stride);

    [LibraryImport(Lib, EntryPoint = "WebPEncodeRGB")]
    public static partial nuint EncodeRgb(byte* rgb, int width, int height, int stride, float quality, byte** output);

    [LibraryImport(Lib, EntryPoint = "WebPEncodeRGBA")]
    public static partial nuint EncodeRgba(byte* rgba, int width, int height, int stride, float quality, byte** output);

    [LibraryImport(Lib, EntryPoint = "WebPEncodeLosslessRGB")]
    public static partial nuint EncodeLosslessRgb(byte* rgb, int width, int height, int stride, byte** output);

    [LibraryImport(Lib, EntryPoint = "WebPEncodeLosslessRGBA")]
    public static partial nuint EncodeLosslessRgba(byte* rgba, int width, int height, int stride, byte** output);

    [LibraryImport(Lib, EntryPoint = "WebPFree")] public static partial void Free(void* pointer);

    public static int GetFeatures(ReadOnlySpan<byte> data, out BitstreamFeatures features)
    {
        features = default;
        fixed (byte* p = data)
        fixed (BitstreamFeatures* f = &features)
            return GetFeaturesInternal(p, (nuint)data.Length, f, DecoderAbiVersion);
    }
}
