using Esrgan.Imaging;

namespace Esrgan.Tests.Evaluation;

internal static class EvaluationImages
{
    public static string Set14(string folder, string file = "") => TestPaths.SharedData("val", "Set14", folder, file);

    /// <summary>Deterministic pseudo-random codes: texture with both signs of local contrast everywhere, as NIQE needs.</summary>
    public static int Noise(int y, int x, int c)
    {
        uint h = (uint)(y * 73856093) ^ (uint)(x * 19349663) ^ (uint)(c * 83492791);
        h ^= h >> 13;
        h *= 0x5bd1e995;
        return (int)((h ^ (h >> 15)) & 255);
    }

    /// <summary>An 8-bit image from integer codes, as a decoder would give it.</summary>
    public static Image FromCodes(int width, int height, int channels, Func<int, int, int, int> code)
    {
        var pixels = new float[width * height * channels];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++) pixels[(y * width + x) * channels + c] = code(y, x, c) / 255f;
        return new Image(width, height, channels, 8, pixels);
    }
}
