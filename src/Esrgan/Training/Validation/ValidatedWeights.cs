using System.Globalization;
using System.Text.Json;
using Esrgan.IO;
using Esrgan.Layers;

namespace Esrgan.Training.Validation;

/// <summary>
/// Which generator weights a validation measured. The weight average (EMA, BasicSR's net_g_ema) starts as a copy of
/// the initial weights and still holds decay^t of them after t iterations (0.999^300 = 74%). While that share is
/// above <see cref="InitialShareLimit"/>, the raw weights (net_g) are measured too and the better of the two is
/// the one reported, kept as net_g_best and named in the log; afterwards the weight average alone is measured.
/// </summary>
internal sealed class ValidatedWeights
{
    public const double InitialShareLimit = 0.1;

    private ValidatedWeights(Module network, string name, Dictionary<string, double> metrics, Dictionary<string, double> logValues,
        string description, double? initialShare)
    {
        Network = network;
        Name = name;
        Metrics = metrics;
        LogValues = logValues;
        Description = description;
        InitialShare = initialShare;
    }

    public Module Network { get; }
    /// <summary>net_g or net_g_ema.</summary>
    public string Name { get; }
    public Dictionary<string, double> Metrics { get; }
    /// <summary>The metrics, weights_ema (1 or 0), and while both are measured each one's metrics and the EMA's initial share.</summary>
    public Dictionary<string, double> LogValues { get; }
    public string Description { get; }
    public double? InitialShare { get; }

    /// <summary>Measures the weights to validate; <paramref name="evaluate"/> runs the validation set (true: save its images).</summary>
    public static ValidatedWeights Measure(TrainingSession session, long iteration, string firstMetric,
        Func<Module, bool, Dictionary<string, double>> evaluate)
    {
        if (session.Average is not { } average)
            return Single(session.Generator, "net_g", evaluate(session.Generator, true), "net_g");
        double share = Math.Pow(average.Decay, iteration);
        if (share <= InitialShareLimit)
            return Single(average.Network, "net_g_ema", evaluate(average.Network, true), "net_g_ema (the weight average)");
        var ema = evaluate(average.Network, false);
        var raw = evaluate(session.Generator, true);
        bool useEma = ema[firstMetric] >= raw[firstMetric];
        var (metrics, other) = useEma ? (ema, raw) : (raw, ema);
        var log = new Dictionary<string, double>(metrics, StringComparer.Ordinal) { ["weights_ema"] = useEma ? 1 : 0, ["ema_initial_share"] = share };
        foreach (var (k, v) in ema) log[k + "_ema"] = v;
        foreach (var (k, v) in raw) log[k + "_net_g"] = v;
        string name = useEma ? "net_g_ema" : "net_g";
        string description = $"{name} (the weight average still holds {share.ToString("P0", CultureInfo.InvariantCulture)} of its initial weights, "
            + $"so both were measured; {(useEma ? "net_g" : "net_g_ema")} {firstMetric} {other[firstMetric].ToString("0.0000", CultureInfo.InvariantCulture)})";
        return new ValidatedWeights(useEma ? average.Network : session.Generator, name, metrics, log, description, share);
    }

    /// <summary>Beside net_g_best: which weights it holds, from which iteration, and their score.</summary>
    public void WriteBestRecord(string path, long iteration, string metric)
    {
        var record = new Dictionary<string, object?>
        {
            ["weights"] = Name,
            ["iteration"] = iteration,
            ["metric"] = metric,
            ["value"] = Metrics[metric],
            ["ema_initial_share"] = InitialShare,
        };
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static ValidatedWeights Single(Module network, string name, Dictionary<string, double> metrics, string description) =>
        new(network, name, metrics, new Dictionary<string, double>(metrics, StringComparer.Ordinal) { ["weights_ema"] = name == "net_g_ema" ? 1 : 0 },
            description, null);
}
