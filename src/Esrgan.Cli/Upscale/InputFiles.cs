using Esrgan.Imaging;

namespace Esrgan.Cli.Upscale;

/// <summary>Expands the command line's inputs (files, folders, optionally recursive, and * or ? patterns) into image files.</summary>
internal static class InputFiles
{

    /// <summary>Each image with the folder its relative output path starts from.</summary>
    public static List<(string File, string Root)> Expand(IEnumerable<string> inputs, bool recursive)
    {
        var result = new List<(string, string)>();
        foreach (string input in inputs)
        {
            if (Directory.Exists(input))
            {
                var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
                result.AddRange(Directory.EnumerateFiles(input, "*", option).Where(ImageCodec.HasImageExtension).Order(StringComparer.Ordinal).Select(f => (f, input)));
            }
            else if (input.IndexOfAny(['*', '?']) >= 0)
            {
                string folder = Path.GetDirectoryName(input) is { Length: > 0 } d ? d : ".";
                if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{input}: folder {folder} not found");
                var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
                var matches = Directory.EnumerateFiles(folder, Path.GetFileName(input), option).Where(ImageCodec.HasImageExtension).Order(StringComparer.Ordinal).ToList();
                if (matches.Count == 0) throw new FileNotFoundException($"{input}: no image matches this pattern");
                result.AddRange(matches.Select(f => (f, folder)));
            }
            else if (File.Exists(input)) result.Add((input, Path.GetDirectoryName(input) ?? "."));
            else throw new FileNotFoundException($"{input}: no such file or folder", input);
        }
        return result;
    }
}
