using System.Runtime.InteropServices;

namespace Esrgan.Native;

/// <summary>P/Invoke surface of libspng 0.7 (spng.h).</summary>
internal static unsafe partial class SpngNative
{
    private const string Lib = "libspng.so.0";
    public static readonly NativeCodecLibrary Library = new(Lib, "libspng0");

    public const int CtxEncoder = 2;
    public const int IoError = -2, IoEof = -1;
    public const int EChunkAvail = 73; // SPNG_ECHUNKAVAIL: the chunk is not in the file
    public const int Eoi = 75;         // SPNG_EOI: the last row was processed

    public const int FmtRgba8 = 1, FmtRgba16 = 2, FmtRgb8 = 4, FmtGa8 = 16, FmtGa16 = 32, FmtG8 = 64, FmtPng = 256;
    public const int DecodeTrns = 1, DecodeProgressive = 256;
    public const int EncodeProgressive = 1, EncodeFinalize = 2;
    public const int OptionImageCompressionLevel = 2;

    public const byte ColorGray = 0, ColorRgb = 2, ColorIndexed = 3, ColorGrayAlpha = 4, ColorRgba = 6;

    [StructLayout(LayoutKind.Sequential)]
    public struct Ihdr
    {
        public uint Width;
        public uint Height;
        public byte BitDepth;
        public byte ColorType;
        public byte CompressionMethod;
        public byte FilterMethod;
        public byte InterlaceMethod;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Iccp
    {
        public fixed byte ProfileName[80];
        public nuint ProfileLen;
        public byte* Profile;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Exif
    {
        public nuint Length;
        public byte* Data;
    }

    /// <summary>spng_trns is only probed for presence, so its body is opaque storage of the right size.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Trns
    {
        public fixed byte Storage[2 * 4 + 4 + 256];
    }

    [LibraryImport(Lib, EntryPoint = "spng_ctx_new")] public static partial nint CtxNew(int flags);
    [LibraryImport(Lib, EntryPoint = "spng_ctx_free")] public static partial void CtxFree(nint ctx);
    [LibraryImport(Lib, EntryPoint = "spng_set_png_stream")]
    public static partial int SetPngStream(nint ctx, delegate* unmanaged<nint, nint, byte*, nuint, int> rw, nint user);
    [LibraryImport(Lib, EntryPoint = "spng_set_chunk_limits")] public static partial int SetChunkLimits(nint ctx, nuint chunkSize, nuint cacheSize);
    [LibraryImport(Lib, EntryPoint = "spng_set_option")] public static partial int SetOption(nint ctx, int option, int value);
    [LibraryImport(Lib, EntryPoint = "spng_get_ihdr")] public static partial int GetIhdr(nint ctx, Ihdr* ihdr);
    [LibraryImport(Lib, EntryPoint = "spng_get_iccp")] public static partial int GetIccp(nint ctx, Iccp* iccp);
    [LibraryImport(Lib, EntryPoint = "spng_get_exif")] public static partial int GetExif(nint ctx, Exif* exif);
    [LibraryImport(Lib, EntryPoint = "spng_set_exif")] public static partial int SetExif(nint ctx, Exif* exif);
    [LibraryImport(Lib, EntryPoint = "spng_get_trns")] public static partial int GetTrns(nint ctx, Trns* trns);
    [LibraryImport(Lib, EntryPoint = "spng_decoded_image_size")] public static partial int DecodedImageSize(nint ctx, int fmt, nuint* len);
    [LibraryImport(Lib, EntryPoint = "spng_decode_image")] public static partial int DecodeImage(nint ctx, void* output, nuint len, int fmt, int flags);
    [LibraryImport(Lib, EntryPoint = "spng_decode_row")] public static partial int DecodeRow(nint ctx, void* output, nuint len);
    [LibraryImport(Lib, EntryPoint = "spng_set_ihdr")] public static partial int SetIhdr(nint ctx, Ihdr* ihdr);
    [LibraryImport(Lib, EntryPoint = "spng_set_iccp")] public static partial int SetIccp(nint ctx, Iccp* iccp);
    [LibraryImport(Lib, EntryPoint = "spng_encode_image")] public static partial int EncodeImage(nint ctx, void* img, nuint len, int fmt, int flags);
    [LibraryImport(Lib, EntryPoint = "spng_encode_row")] public static partial int EncodeRow(nint ctx, void* row, nuint len);
    [LibraryImport(Lib, EntryPoint = "spng_strerror")] public static partial byte* StrError(int err);

    public static string Message(int err) => Marshal.PtrToStringUTF8((nint)StrError(err)) ?? $"libspng error {err}";
}
