using System.Text.Json;
using Esrgan.Engine;
using Esrgan.Formats;
using Esrgan.Formats.Safetensors;
using Esrgan.Layers;
using Esrgan.Training.Optimizers;

namespace Esrgan.Training.Checkpoints;

/// <summary>
/// Everything a run needs to continue exactly, in one safetensors file written atomically: the networks
/// (generator, its average, discriminator) under "net_g." / "net_g_ema." / "net_d.", the Adam moments under
/// "optim_g." / "optim_d.", and the scalar state as JSON metadata. The data order and augmentation are functions of
/// the seed and the iteration, and the learning rate a function of the iteration, so those are all the RNG state there is.
/// </summary>
internal static class TrainingState
{
    private const string InfoKey = "training_state";

    public static void Write(string path, TrainingStateInfo info, IReadOnlyDictionary<string, Module> networks,
        IReadOnlyDictionary<string, Adam> optimizers)
    {
        var dict = new StateDict();
        foreach (var (prefix, net) in networks)
            foreach (var (key, tensor) in net.StateDict()) dict.Add($"{prefix}.{key}", tensor);
        foreach (var (prefix, adam) in optimizers)
            for (int i = 0; i < adam.Parameters.Count; i++)
            {
                int[] shape = adam.Parameters[i].Shape;
                dict.Add($"{prefix}.exp_avg.{i}", new HostTensor((int[])shape.Clone(), (float[])adam.FirstMoments[i].Clone()));
                dict.Add($"{prefix}.exp_avg_sq.{i}", new HostTensor((int[])shape.Clone(), (float[])adam.SecondMoments[i].Clone()));
            }
        dict.Metadata[InfoKey] = JsonSerializer.Serialize(info);
        SafetensorsWriter.Write(path, dict);
    }

    public static TrainingStateInfo ReadInfo(string path) => Info(SafetensorsReader.Read(path), path);

    /// <summary>Loads the state into the given networks and optimisers (which must be built as in the saved run).</summary>
    public static TrainingStateInfo Restore(string path, IReadOnlyDictionary<string, Module> networks, IReadOnlyDictionary<string, Adam> optimizers)
    {
        var dict = SafetensorsReader.Read(path);
        var info = Info(dict, path);
        foreach (var (prefix, net) in networks)
        {
            string start = prefix + ".";
            var weights = dict.Where(kv => kv.Key.StartsWith(start, StringComparison.Ordinal))
                .Select(kv => new KeyValuePair<string, HostTensor>(kv.Key[start.Length..], kv.Value)).ToList();
            try { net.LoadStateDict(weights); }
            catch (InvalidDataException e) { throw new TrainingStateMismatchException($"{path}: {prefix} does not fit this run's options: {e.Message}", e); }
        }
        foreach (var (prefix, adam) in optimizers)
        {
            for (int i = 0; i < adam.Parameters.Count; i++)
            {
                CopyMoment(dict, $"{prefix}.exp_avg.{i}", adam.FirstMoments[i], path);
                CopyMoment(dict, $"{prefix}.exp_avg_sq.{i}", adam.SecondMoments[i], path);
            }
            if (dict.Contains($"{prefix}.exp_avg.{adam.Parameters.Count}"))
                throw new TrainingStateMismatchException($"{path}: {prefix} has more parameters than this run's optimiser");
        }
        if (optimizers.TryGetValue("optim_g", out var g)) g.Step = info.OptimizerGSteps;
        if (optimizers.TryGetValue("optim_d", out var d)) d.Step = info.OptimizerDSteps;
        return info;
    }

    private static void CopyMoment(StateDict dict, string key, float[] target, string path)
    {
        if (!dict.TryGet(key, out var t) || t.Length != target.Length)
            throw new InvalidDataException($"{path}: optimiser state '{key}' is missing or has the wrong size for this run's options");
        t.Data.CopyTo(target, 0);
    }

    private static TrainingStateInfo Info(StateDict dict, string path)
    {
        if (!dict.Metadata.TryGetValue(InfoKey, out var json))
            throw new InvalidDataException($"{path}: not a training state (no {InfoKey} metadata)");
        try
        {
            return JsonSerializer.Deserialize<TrainingStateInfo>(json) ?? throw new InvalidDataException($"{path}: empty training state");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: training state metadata is not valid: {e.Message}", e);
        }
    }
}
