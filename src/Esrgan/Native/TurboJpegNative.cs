using System.Runtime.InteropServices;

namespace Esrgan.Native;

/// <summary>P/Invoke surface of the TurboJPEG 2.1 API (turbojpeg.h).</summary>
internal static unsafe partial class TurboJpegNative
{
    private const string Lib = "libturbojpeg.so.0";
    public static readonly NativeCodecLibrary Library = new(Lib, "libturbojpeg0");

    public const int PixelRgb = 0, PixelGray = 6, PixelCmyk = 11;
    public const int Samp444 = 0, Samp420 = 2, SampGray = 3;
    public const int ColorspaceGray = 2, ColorspaceCmyk = 3, ColorspaceYcck = 4;
    public const int FlagAccurateDct = 4096, FlagLimitScans = 32768;

    [LibraryImport(Lib, EntryPoint = "tjInitCompress")] public static partial nint InitCompress();
    [LibraryImport(Lib, EntryPoint = "tjInitDecompress")] public static partial nint InitDecompress();
    [LibraryImport(Lib, EntryPoint = "tjDestroy")] public static partial int Destroy(nint handle);
    [LibraryImport(Lib, EntryPoint = "tjFree")] public static partial void Free(byte* buffer);
    [LibraryImport(Lib, EntryPoint = "tjGetErrorStr2")] public static partial byte* GetErrorStr2(nint handle);

    [LibraryImport(Lib, EntryPoint = "tjDecompressHeader3")]
    public static partial int DecompressHeader3(nint handle, byte* jpeg, nuint size, int* width, int* height, int* subsamp, int* colorspace);

    [LibraryImport(Lib, EntryPoint = "tjDecompress2")]
    public static partial int Decompress2(nint handle, byte* jpeg, nuint size, byte* dst, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Lib, EntryPoint = "tjCompress2")]
    public static partial int Compress2(nint handle, byte* src, int width, int pitch, int height, int pixelFormat,
        byte** jpeg, nuint* size, int subsamp, int quality, int flags);

    public static string Message(nint handle) => Marshal.PtrToStringUTF8((nint)GetErrorStr2(handle)) ?? "TurboJPEG error";
}
