using Esrgan.Engine;

namespace Esrgan.Imaging;

/// <summary>
/// Conversion between whole interleaved images (HWC floats, as decoded) and the planar NCHW tensors networks take,
/// with the padding to a network's size multiple: padded rows and columns repeat the last ones, and results are
/// cropped back to the image's own size. Upscaling tiles are converted by <c>TileTensors</c>, straight from and into
/// their row bands, with the same padding.
/// </summary>
internal static class PlanarImage
{
    /// <summary>A 1 x C x H' x W' tensor of the image, H' and W' rounded up to <paramref name="multiple"/>.</summary>
    public static HostTensor ToTensor(ReadOnlySpan<float> hwc, int height, int width, int channels, int multiple = 1)
    {
        int ph = Padded(height, multiple), pw = Padded(width, multiple);
        var tensor = new HostTensor([1, channels, ph, pw]);
        ToPlanar(hwc, height, width, channels, tensor.Data, ph, pw);
        return tensor;
    }

    /// <summary>Writes the image as planes of paddedHeight x paddedWidth into <paramref name="chw"/>, repeating the edges into the padding.</summary>
    public static void ToPlanar(ReadOnlySpan<float> hwc, int height, int width, int channels, Span<float> chw, int paddedHeight, int paddedWidth)
    {
        for (int y = 0; y < paddedHeight; y++)
            for (int x = 0; x < paddedWidth; x++)
            {
                long src = ((long)Math.Min(y, height - 1) * width + Math.Min(x, width - 1)) * channels;
                for (int c = 0; c < channels; c++) chw[(int)(((long)c * paddedHeight + y) * paddedWidth + x)] = hwc[(int)(src + c)];
            }
    }

    /// <summary>The top-left height x width region of image 0 of an N x C x H x W tensor, interleaved; optionally clamped to [0, 1].</summary>
    public static float[] ToInterleaved(HostTensor chw, int height, int width, bool clamp = false)
    {
        int c = chw.Shape[1], fullH = chw.Shape[2], fullW = chw.Shape[3];
        var hwc = new float[(long)height * width * c];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int ch = 0; ch < c; ch++)
                {
                    float v = chw.Data[((long)ch * fullH + y) * fullW + x];
                    hwc[((long)y * width + x) * c + ch] = clamp ? Math.Clamp(v, 0f, 1f) : v;
                }
        return hwc;
    }

    /// <summary>A side rounded up to the network's size multiple, as every network input is padded.</summary>
    public static int Padded(int size, int multiple) => (size + multiple - 1) / multiple * multiple;
}
