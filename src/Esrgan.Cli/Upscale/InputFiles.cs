using Esrgan.Imaging;

namespace Esrgan.Cli.Upscale;

/// <summary>Expands the command line's inputs (files, folders, optionally recursive, and * or ? patterns) into image and video files.</summary>
internal static class InputFiles
{
    private static readonly string[] UnsupportedImageExtensions = [".bmp", ".tif", ".tiff", ".gif", ".heic", ".avif", ".jxl"];

    public static bool IsImage(string path) => ImageCodec.HasImageExtension(path);

    private static bool IsInput(string path) => IsImage(path) || Esrgan.Video.VideoUpscaler.IsVideo(path);

    /// <summary>
    /// Each image with the folder its relative output path starts from. Images in formats this tool cannot read
    /// are reported through <paramref name="warn"/>; a folder or pattern with no readable image is an error.
    /// </summary>
    public static List<(string File, string Root)> Expand(IEnumerable<string> inputs, bool recursive, Action<string> warn)
    {
        var result = new List<(string, string)>();
        var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        foreach (string input in inputs)
        {
            if (Directory.Exists(input))
            {
                var images = Images(Directory.EnumerateFiles(input, "*", option), warn);
                if (images.Count == 0) throw new FileNotFoundException($"{input}: no .png, .jpg or .webp images (or videos) in this folder{(recursive ? " or its subfolders" : "")}");
                result.AddRange(images.Select(f => (f, input)));
            }
            else if (input.IndexOfAny(['*', '?']) >= 0)
            {
                string folder = Path.GetDirectoryName(input) is { Length: > 0 } d ? d : ".";
                if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{input}: folder {folder} not found");
                var matches = Images(Directory.EnumerateFiles(folder, Path.GetFileName(input), option), warn);
                if (matches.Count == 0) throw new FileNotFoundException($"{input}: no image or video matches this pattern");
                result.AddRange(matches.Select(f => (f, folder)));
            }
            else if (File.Exists(input)) result.Add((input, Path.GetDirectoryName(input) is { Length: > 0 } d ? d : "."));
            else throw new FileNotFoundException($"{input}: no such file or folder", input);
        }
        return result;
    }

    private static List<string> Images(IEnumerable<string> files, Action<string> warn)
    {
        var images = new List<string>();
        foreach (string file in files.Order(StringComparer.Ordinal))
        {
            if (IsInput(file)) images.Add(file);
            else if (UnsupportedImageExtensions.Contains(Path.GetExtension(file).ToLowerInvariant()))
                warn($"{file}: skipped, {Path.GetExtension(file)} images are not supported (convert to PNG, JPEG or WebP)");
        }
        return images;
    }
}
