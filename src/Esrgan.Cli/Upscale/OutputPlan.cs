using Esrgan.Imaging;
using Esrgan.Video;

namespace Esrgan.Cli.Upscale;

/// <summary>
/// Where each input's result goes: NAME_SUFFIX.EXT under the output folder, keeping subfolders. The plan is checked
/// before any work: no output may replace an input, earlier outputs found among the inputs are left out, a file
/// name is for one input only and its extension must agree with --format.
/// </summary>
internal static class OutputPlan
{
    public static List<(string Input, string Output)> For(List<(string File, string Root)> files, string output, string suffix,
        ImageFormat? format, bool flattenAlpha, Action<string> notice)
    {
        bool fileName = (InputFiles.IsImage(output) || VideoUpscaler.IsVideo(output)) && !Directory.Exists(output);
        if (fileName && files.Count > 1)
            throw new ArgumentException($"-o {output}: one file name for {files.Count} inputs; give a folder for several inputs");
        if (fileName && format is ImageFormat wanted && InputFiles.IsImage(output) && ImageCodec.FormatFromPath(output) != wanted)
            throw new ArgumentException($"-o {output}: the extension does not match --format {Extension(wanted)[1..]}; use {Path.ChangeExtension(output, Extension(wanted))}");
        var plan = new List<(string Input, string Output)>();
        if (fileName) plan.Add((files[0].File, AlphaAware(files[0].File, output, flattenAlpha, notice)));
        else
        {
            var earlier = files.Where(f => IsEarlierOutput(f.File, output, suffix)).ToList();
            if (earlier.Count > 0)
                notice($"left out {earlier.Count} earlier output{(earlier.Count == 1 ? "" : "s")} found in {output} (NAME_{suffix}.*), e.g. {earlier[0].File}");
            files = [.. files.Except(earlier)];
            foreach (var (file, root) in files)
            {
                string relative = Path.GetRelativePath(root, Path.GetDirectoryName(Path.GetFullPath(file))!);
                string extension = format is ImageFormat f && !VideoUpscaler.IsVideo(file) ? Extension(f) : Path.GetExtension(file);
                string name = Path.GetFileNameWithoutExtension(file) + (suffix.Length > 0 ? "_" + suffix : "") + extension;
                plan.Add((file, AlphaAware(file, Path.Combine(output, relative == "." ? "" : relative, name), flattenAlpha, notice)));
            }
        }
        var inputs = files.Select(f => Path.GetFullPath(f.File)).ToHashSet();
        if (plan.FirstOrDefault(p => inputs.Contains(Path.GetFullPath(p.Output))) is { Output: not null } clash)
            throw new ArgumentException($"{clash.Output}: the output would replace an input; choose another -o folder or --suffix");
        var duplicate = plan.GroupBy(p => Path.GetFullPath(p.Output)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new ArgumentException($"two inputs would both be written to {duplicate.Key}");
        return plan;
    }

    private static string Extension(ImageFormat format) => format switch
    {
        ImageFormat.Png => ".png",
        ImageFormat.Jpeg => ".jpg",
        _ => ".webp",
    };

    /// <summary>A file under the output folder named like an output (NAME_SUFFIX.EXT) is a result of an earlier run.</summary>
    private static bool IsEarlierOutput(string file, string output, string suffix)
    {
        if (suffix.Length == 0) return false;
        string relative = Path.GetRelativePath(Path.GetFullPath(output), Path.GetFullPath(file));
        bool inside = relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
        return inside && Path.GetFileNameWithoutExtension(file).EndsWith("_" + suffix, StringComparison.Ordinal);
    }

    /// <summary>JPEG cannot hold alpha: unless it is flattened, an image with alpha is written as PNG, as Real-ESRGAN does.</summary>
    private static string AlphaAware(string input, string output, bool flattenAlpha, Action<string> notice)
    {
        if (flattenAlpha || VideoUpscaler.IsVideo(output) || ImageCodec.FormatFromPath(output) != ImageFormat.Jpeg || !HasAlpha(input)) return output;
        string png = Path.ChangeExtension(output, ".png");
        notice($"{input} has alpha, which JPEG cannot hold: writing {png} (use --background COLOR to flatten it into a JPEG)");
        return png;
    }

    private static bool HasAlpha(string input)
    {
        try
        {
            return ImageCodec.ReadInfo(input).Channels is 2 or 4;
        }
        catch (ImageFileException)
        {
            return false; // reported when the file is read
        }
    }
}
