using Esrgan.Imaging;

namespace Esrgan.Training.Data;

/// <summary>An RGB image as 8-bit interleaved samples (HWC), the way training data is held in memory.</summary>
internal sealed class RgbImage(int width, int height, byte[] samples)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public byte[] Samples { get; } = samples;

    /// <summary>RGB of any decoded image: gray is repeated, alpha dropped; the top-left width x height region is kept.</summary>
    public static RgbImage From(Image image, int width, int height)
    {
        var samples = new byte[width * height * 3];
        int c = image.Channels, colors = c >= 3 ? 3 : 1;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int src = (y * image.Width + x) * c, dst = (y * width + x) * 3;
                for (int k = 0; k < 3; k++) samples[dst + k] = Quantize(image.Pixels[src + (colors == 3 ? k : 0)]);
            }
        return new RgbImage(width, height, samples);
    }

    public static RgbImage FromFloats(float[] hwc, int width, int height) =>
        new(width, height, Array.ConvertAll(hwc, Quantize));

    public float[] ToFloats() => Array.ConvertAll(Samples, b => b / 255f);

    public Image ToImage() => new(Width, Height, 3, 8, ToFloats());

    /// <summary>As im2uint8 and BasicSR's LR files: round to the nearest 8-bit code.</summary>
    public static byte Quantize(float v) => (byte)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f, MidpointRounding.AwayFromZero);
}
