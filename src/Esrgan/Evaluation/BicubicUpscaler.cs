using Esrgan.Imaging;
using Esrgan.Imaging.Resize;

namespace Esrgan.Evaluation;

/// <summary>The papers' bicubic baseline: MATLAB imresize by the scale, clipped to [0,1].</summary>
internal sealed class BicubicUpscaler : ISuperResolver
{
    public BicubicUpscaler(int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        Scale = scale;
    }

    public int Scale { get; }

    public Image Upscale(Image lr)
    {
        var pixels = MatlabImresize.Resize(lr.Pixels, lr.Height, lr.Width, lr.Channels, lr.Height * Scale, lr.Width * Scale);
        for (int i = 0; i < pixels.Length; i++) pixels[i] = Math.Clamp(pixels[i], 0f, 1f);
        return new Image(lr.Width * Scale, lr.Height * Scale, lr.Channels, lr.BitDepth, pixels, lr.IccProfile, lr.Exif);
    }
}
