using Esrgan.Imaging;

namespace Esrgan.Evaluation;

/// <summary>The image files of a test-set folder, in a stable order, keyed by file stem.</summary>
internal static class ImageFolder
{
    public static IReadOnlyList<string> List(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: no such folder");
        var files = Directory.EnumerateFiles(directory)
            .Where(ImageCodec.HasImageExtension)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new ArgumentException($"{directory}: no .png, .jpg or .webp images");
        return files;
    }

    public static Dictionary<string, string> ByStem(string directory)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in List(directory))
            if (!result.TryAdd(Path.GetFileNameWithoutExtension(file), file))
                throw new ArgumentException($"{directory}: two images are named '{Path.GetFileNameWithoutExtension(file)}'");
        return result;
    }
}
