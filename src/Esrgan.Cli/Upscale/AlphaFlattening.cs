using Esrgan.Imaging;

namespace Esrgan.Cli.Upscale;

/// <summary>Composites an image with alpha over a plain background (--background), for formats without alpha.</summary>
internal static class AlphaFlattening
{
    public static Image Flatten(Image image, float[] background)
    {
        if (!image.HasAlpha) return image;
        int colour = image.Channels - 1, outChannels = image.Channels == 4 ? 3 : 1;
        long pixels = (long)image.Width * image.Height;
        var result = new float[pixels * outChannels];
        // A gray image flattens over the background's BT.601 luma.
        float grayBackground = 0.299f * background[0] + 0.587f * background[1] + 0.114f * background[2];
        for (long p = 0; p < pixels; p++)
        {
            float a = image.Pixels[p * image.Channels + colour];
            for (int c = 0; c < outChannels; c++)
            {
                float under = outChannels == 3 ? background[c] : grayBackground;
                result[p * outChannels + c] = image.Pixels[p * image.Channels + c] * a + under * (1 - a);
            }
        }
        return new Image(image.Width, image.Height, outChannels, image.BitDepth, result, image.IccProfile);
    }
}
