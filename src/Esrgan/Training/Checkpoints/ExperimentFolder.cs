using Esrgan.Models.Architectures;
using System.Globalization;
using Esrgan.Formats;
using Esrgan.Formats.Architectures;
using Esrgan.Formats.Safetensors;
using Esrgan.Layers;

namespace Esrgan.Training.Checkpoints;

/// <summary>
/// experiments/&lt;name&gt;/: models/ (net_g_ITER, net_g_ema_ITER, net_d_ITER, net_g_latest, net_g_best as safetensors
/// that `esrgan upscale --model` reads), training_state/ITER.state, log.jsonl and curves.png. Every write is atomic.
/// </summary>
internal sealed class ExperimentFolder
{
    public ExperimentFolder(string root, string name)
    {
        Root = Path.Combine(root, name);
        Models = Path.Combine(Root, "models");
        States = Path.Combine(Root, "training_state");
    }

    public string Root { get; }
    public string Models { get; }
    public string States { get; }
    public string Log => Path.Combine(Root, "log.jsonl");
    public string Curves => Path.Combine(Root, "curves.png");
    public string Visualization => Path.Combine(Root, "visualization");

    public bool HasStates => Directory.Exists(States) && Directory.EnumerateFiles(States, "*.state").Any();

    public string StatePath(long iteration) => Path.Combine(States, $"{iteration.ToString(CultureInfo.InvariantCulture)}.state");

    public string ModelPath(string network, string tag) => Path.Combine(Models, $"{network}_{tag}.safetensors");

    /// <summary>Saved states from newest to oldest.</summary>
    public IEnumerable<(long Iteration, string Path)> StatesNewestFirst() =>
        !Directory.Exists(States) ? [] : Directory.EnumerateFiles(States, "*.state")
            .Select(p => (Ok: long.TryParse(Path.GetFileNameWithoutExtension(p), NumberStyles.None, CultureInfo.InvariantCulture, out long i), i, p))
            .Where(e => e.Ok).Select(e => (e.i, e.p)).OrderByDescending(e => e.i);

    /// <summary>Keeps the newest <paramref name="keep"/> states.</summary>
    public void PruneStates(int keep)
    {
        foreach (var (_, path) in StatesNewestFirst().Skip(keep)) File.Delete(path);
    }

    public static void SaveNetwork(string path, Module network, ModelSpec spec)
    {
        var weights = network.StateDict();
        if (ArchitectureRegistry.Types.Contains(spec.Type)) ModelFile.SaveSafetensors(path, weights, spec);
        else SafetensorsWriter.Write(path, weights);
    }
}
