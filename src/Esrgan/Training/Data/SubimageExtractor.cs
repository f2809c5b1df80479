using Esrgan.Imaging;

namespace Esrgan.Training.Data;

/// <summary>
/// BasicSR's extract_subimages: cuts each image into crop x crop tiles every step pixels, adding a last row and
/// column flush with the border when more than thresh_size pixels would be left out. Tiles are written as
/// NAME_sNNN.png (numbered from 1, row by row), keeping channels and bit depth.
/// </summary>
internal static class SubimageExtractor
{
    public static IReadOnlyList<int> Starts(int length, int crop, int step, int threshold)
    {
        if (length < crop) return [];
        var starts = new List<int>();
        for (int s = 0; s <= length - crop; s += step) starts.Add(s);
        if (length - (starts[^1] + crop) > threshold) starts.Add(length - crop);
        return starts;
    }

    /// <summary>Writes the tiles of one image into <paramref name="outputFolder"/>; returns how many.</summary>
    public static int Extract(string imagePath, string outputFolder, int crop, int step, int threshold)
    {
        if (crop <= 0 || step <= 0 || threshold < 0) throw new ArgumentException("crop size and step must be positive and the threshold not negative");
        var image = ImageCodec.Read(imagePath);
        string stem = Path.GetFileNameWithoutExtension(imagePath);
        int index = 0, c = image.Channels;
        foreach (int top in Starts(image.Height, crop, step, threshold))
            foreach (int left in Starts(image.Width, crop, step, threshold))
            {
                var pixels = new float[crop * crop * c];
                for (int y = 0; y < crop; y++)
                    image.Pixels.AsSpan(((top + y) * image.Width + left) * c, crop * c).CopyTo(pixels.AsSpan(y * crop * c));
                var tile = new Image(crop, crop, c, image.BitDepth, pixels, image.IccProfile);
                ImageCodec.Write(Path.Combine(outputFolder, $"{stem}_s{++index:000}.png"), tile, new ImageSaveOptions { PngCompressionLevel = 3 });
            }
        return index;
    }
}
