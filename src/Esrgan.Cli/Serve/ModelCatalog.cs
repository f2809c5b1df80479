using System.Collections.Concurrent;
using Esrgan.Formats;
using Esrgan.Upscaling;

namespace Esrgan.Cli.Serve;

/// <summary>A model the page can choose: registered by name, or uploaded (kept in the work folder for a while).</summary>
internal sealed record ModelEntry(string Id, string Name, string Source, string? UploadedPath)
{
    public DateTime LastUsed { get; set; } = DateTime.UtcNow;
}

/// <summary>The registered and uploaded models, with their architectures (read once per file).</summary>
internal sealed class ModelCatalog(string folder)
{
    private readonly ConcurrentDictionary<string, ModelEntry> _uploaded = new();
    private readonly ConcurrentDictionary<string, ModelSpec> _specs = new();

    public IEnumerable<ModelEntry> All =>
        ModelStore.Registered.Select(r => new ModelEntry(r, r, "registered", null)).Concat(_uploaded.Values.OrderBy(e => e.Name));

    public ModelEntry Find(string id, string field)
    {
        if (ModelStore.Registered.Contains(id)) return new ModelEntry(id, id, "registered", null);
        if (_uploaded.TryGetValue(id, out var entry))
        {
            entry.LastUsed = DateTime.UtcNow;
            return entry;
        }
        throw new ApiError(400, $"{field} '{id}': no such model (GET /api/models lists them)");
    }

    /// <summary>The file of a model; a registered one is fetched and converted on first use.</summary>
    public static string PathOf(ModelEntry entry) => entry.UploadedPath ?? ModelStore.Resolve(entry.Id);

    /// <summary>The architecture, when known without fetching anything.</summary>
    public ModelSpec? SpecOf(ModelEntry entry)
    {
        string path = entry.UploadedPath ?? Path.Combine(ModelStore.Folder, entry.Id + ".safetensors");
        if (_specs.TryGetValue(path, out var spec)) return spec;
        if (!File.Exists(path)) return null;
        return _specs[path] = ModelFile.Load(path).Spec;
    }

    /// <summary>Keeps an uploaded model file if it opens as an upscaling network; otherwise deletes it and refuses.</summary>
    public ModelEntry Add(string uploadedFile, string name)
    {
        string id = "upload-" + Guid.NewGuid().ToString("N")[..12];
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, id + Path.GetExtension(uploadedFile));
        File.Move(uploadedFile, path);
        try
        {
            var loaded = ModelFile.Load(path);
            if (loaded.Spec.Scale == null) throw new InvalidDataException($"{loaded.Spec.Type} is not an upscaling network");
            _specs[path] = loaded.Spec;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or KeyNotFoundException)
        {
            File.Delete(path);
            throw new ApiError(400, $"{name}: not a usable model file ({e.Message.Replace(path, "upload")})");
        }
        var entry = new ModelEntry(id, name, "uploaded", path);
        _uploaded[id] = entry;
        return entry;
    }

    /// <summary>Deletes uploaded models last used before the cutoff, except those that unfinished jobs still need.</summary>
    public void RemoveUnusedSince(DateTime cutoff, IReadOnlySet<string> inUse)
    {
        foreach (var entry in _uploaded.Values.Where(e => e.LastUsed < cutoff && !inUse.Contains(e.Id)))
            if (_uploaded.TryRemove(entry.Id, out _))
                File.Delete(entry.UploadedPath!);
    }
}
