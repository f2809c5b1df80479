namespace Esrgan.Training;

/// <summary>The named loss terms of one iteration (BasicSR's names: l_pix, l_percep, l_g_gan, l_d_real, ...).</summary>
internal sealed class LossTerms
{
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, double> Values => _values;

    public void Set(string name, double value) => _values[name] = value;

    /// <summary>Stops the iteration before any weight changes when a loss is not finite.</summary>
    public void EnsureFinite(long iteration, string terms)
    {
        foreach (var (name, value) in _values)
            if (!double.IsFinite(value))
                throw new TrainingDivergedException(
                    $"{name} is {value} at iteration {iteration} ({terms}); training stopped before updating the weights with it. "
                    + "The last saved checkpoint is intact: resume from it with --resume, perhaps with a lower learning rate (--set train.optim_g.lr=...).");
    }
}
