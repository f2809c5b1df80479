using System.Numerics;

namespace Esrgan.Cli.Upscale;

/// <summary>Composites upscaled pixels with alpha over a plain background (--background), for formats without alpha.</summary>
internal static class AlphaFlattening
{
    /// <summary>Gray+alpha or RGBA samples, interleaved, to gray or RGB over <paramref name="background"/>.</summary>
    public static float[] Flatten(ReadOnlySpan<float> samples, int channels, Vector3 background)
    {
        int colour = channels - 1;
        long pixels = samples.Length / channels;
        var result = new float[pixels * colour];
        // A gray image flattens over the background's BT.601 luma.
        float grayBackground = 0.299f * background.X + 0.587f * background.Y + 0.114f * background.Z;
        for (long p = 0; p < pixels; p++)
        {
            float a = Math.Clamp(samples[(int)(p * channels + colour)], 0, 1);
            for (int c = 0; c < colour; c++)
            {
                float under = colour == 3 ? background[c] : grayBackground;
                result[p * colour + c] = samples[(int)(p * channels + c)] * a + under * (1 - a);
            }
        }
        return result;
    }
}
