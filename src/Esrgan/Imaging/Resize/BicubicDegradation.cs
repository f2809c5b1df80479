namespace Esrgan.Imaging.Resize;

/// <summary>
/// The LR images of the papers' test sets, made as BasicSR's MATLAB scripts make them: HR cropped to a multiple of
/// the scale (top-left kept), imresize(HR, 1/scale, 'bicubic') on the stored integer samples, rounded half away
/// from zero and clipped back to the image's bit depth as MATLAB's uint8/uint16 conversion does.
/// MATLAB keeps an integer image's class between its two passes, so the height pass is rounded and clipped too:
/// without that step about 10% of samples differ by one level, and by up to 12 next to clipped overshoots.
/// </summary>
internal static class BicubicDegradation
{
    public static Image CropToMultiple(Image image, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        int width = image.Width - image.Width % scale, height = image.Height - image.Height % scale;
        if (width == 0 || height == 0)
            throw new ArgumentException($"a {image.Width}x{image.Height} image is smaller than the scale {scale}");
        if (width == image.Width && height == image.Height) return image;
        int c = image.Channels;
        var pixels = new float[width * height * c];
        for (int y = 0; y < height; y++)
            image.Pixels.AsSpan(y * image.Width * c, width * c).CopyTo(pixels.AsSpan(y * width * c, width * c));
        return new Image(width, height, c, image.BitDepth, pixels, image.IccProfile);
    }

    public static Image Downscale(Image hr, int scale)
    {
        var image = CropToMultiple(hr, scale);
        double max = (1 << image.BitDepth) - 1;
        var samples = Array.ConvertAll(image.Pixels, p => Math.Round(p * max));
        int height = image.Height / scale, width = image.Width / scale;
        var columns = Store(MatlabImresize.Resize(samples, image.Height, image.Width, image.Channels, height, image.Width), max);
        var resized = Store(MatlabImresize.Resize(columns, height, image.Width, image.Channels, height, width), max);
        var pixels = Array.ConvertAll(resized, v => (float)(v / max));
        return new Image(width, height, image.Channels, image.BitDepth, pixels, image.IccProfile);
    }

    private static double[] Store(double[] values, double max) =>
        Array.ConvertAll(values, v => Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), 0, max));
}
