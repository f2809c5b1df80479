using Esrgan.Imaging;

namespace Esrgan.Training.Data;

/// <summary>
/// The image files of HR folders in name order, paired with LR files by BasicSR's filename template
/// ("{}" stands for the HR file's name without extension).
/// </summary>
internal static class ImagePairList
{
    public static IReadOnlyList<string> ImagesIn(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: folder not found");
        var files = Directory.EnumerateFiles(folder).Where(ImageCodec.HasImageExtension).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new InvalidDataException($"{folder}: no PNG, JPEG or WebP images in this folder");
        return files;
    }

    public static IReadOnlyList<ImagePair> Build(IReadOnlyList<string> gtFolders, IReadOnlyList<string> lqFolders, string template)
    {
        if (!template.Contains("{}", StringComparison.Ordinal))
            throw new ArgumentException($"filename template '{template}' has no {{}} for the file name");
        var pairs = new List<ImagePair>();
        for (int f = 0; f < gtFolders.Count; f++)
            foreach (var gt in ImagesIn(gtFolders[f]))
                pairs.Add(new ImagePair(gt, lqFolders.Count > 0 ? FindLq(gt, lqFolders[f], template) : null));
        return pairs;
    }

    /// <summary>
    /// Splits pairs into those whose HR (cropped to a multiple of the scale, or to LR times scale) holds a gtSize
    /// patch and those too small for one, from the files' headers only.
    /// </summary>
    public static (IReadOnlyList<ImagePair> Usable, IReadOnlyList<ImagePair> TooSmall) ByPatchFit(IReadOnlyList<ImagePair> pairs, int scale, int gtSize)
    {
        var usable = new List<ImagePair>();
        var small = new List<ImagePair>();
        foreach (var pair in pairs)
        {
            var info = ImageCodec.ReadInfo(pair.LqPath ?? pair.GtPath);
            int factor = pair.LqPath == null ? 1 : scale;
            int side = Math.Min(info.Width * factor / scale, info.Height * factor / scale) * scale;
            (side >= gtSize ? usable : small).Add(pair);
        }
        return (usable, small);
    }

    private static string FindLq(string gt, string lqFolder, string template)
    {
        string stem = template.Replace("{}", Path.GetFileNameWithoutExtension(gt), StringComparison.Ordinal);
        string ext = Path.GetExtension(gt);
        foreach (var candidate in new[] { ext }.Concat(ImageCodec.Extensions))
        {
            string path = Path.Combine(lqFolder, stem + candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"{lqFolder}: no LR image '{stem}{ext}' for {gt}");
    }
}
