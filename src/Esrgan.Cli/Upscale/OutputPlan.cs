using Esrgan.Imaging;

namespace Esrgan.Cli.Upscale;

/// <summary>Where each input's result goes: NAME_SUFFIX.EXT under the output folder, keeping subfolders.</summary>
internal static class OutputPlan
{
    public static List<(string Input, string Output)> For(List<(string File, string Root)> files, string output, string suffix,
        ImageFormat? format)
    {
        bool singleFile = files.Count == 1 && ImageCodec.HasImageExtension(output) && !Directory.Exists(output);
        if (singleFile) return [(files[0].File, output)];
        var plan = new List<(string, string)>();
        foreach (var (file, root) in files)
        {
            string relative = Path.GetRelativePath(root, Path.GetDirectoryName(Path.GetFullPath(file))!);
            string extension = format switch
            {
                ImageFormat.Png => ".png",
                ImageFormat.Jpeg => ".jpg",
                ImageFormat.Webp => ".webp",
                _ => Path.GetExtension(file),
            };
            string name = Path.GetFileNameWithoutExtension(file) + (suffix.Length > 0 ? "_" + suffix : "") + extension;
            plan.Add((file, Path.Combine(output, relative == "." ? "" : relative, name)));
        }
        var duplicate = plan.GroupBy(p => Path.GetFullPath(p.Item2)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new ArgumentException($"two inputs would both be written to {duplicate.Key}");
        return plan;
    }
}
