using Esrgan.Imaging;

namespace Esrgan.Tests.Imaging;

/// <summary>Temporary folders and synthetic images for the image file tests.</summary>
internal sealed class ImagingTestData : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("esrgan-imaging-").FullName;

    public string File(string name) => Path.Combine(Dir, name);

    public static string Fixture(string name) => TestPaths.Fixtures("Imaging", name);

    /// <summary>Samples that are exact integers at the given depth, so a lossless round trip is bit-exact.</summary>
    public static Image Exact(int width, int height, int channels, int bitDepth, int seed = 1, byte[]? icc = null)
    {
        var random = new Random(seed);
        int max = bitDepth == 16 ? 65535 : 255;
        var pixels = new float[width * height * channels];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = random.Next(max + 1) / (float)max;
        return new Image(width, height, channels, bitDepth, pixels, icc);
    }

    /// <summary>A smooth colour gradient, the kind of content lossy codecs keep well.</summary>
    public static Image Gradient(int width, int height, int channels)
    {
        var pixels = new float[width * height * channels];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++)
                    pixels[(y * width + x) * channels + c] = c switch
                    {
                        0 => x / (float)(width - 1),
                        1 => y / (float)(height - 1),
                        2 => 0.5f + 0.4f * MathF.Sin((x + y) * 0.05f),
                        _ => 1f - 0.5f * x / (width - 1),
                    };
        return new Image(width, height, channels, 8, pixels);
    }

    public static int[] Quantize(Image image)
    {
        int max = image.BitDepth == 16 ? 65535 : 255;
        return image.Pixels.Select(v => (int)MathF.Round(v * max)).ToArray();
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
