using Esrgan.Engine;
using Esrgan.Formats;

namespace Esrgan.Layers;

/// <summary>
/// A network part with explicit forward and backward passes (no hidden autograd). Parameters, buffers and child
/// modules are registered under the names PyTorch uses, so <see cref="StateDict"/> keys equal PyTorch's.
/// Forward does not take ownership of its input and returns a new tensor; backward takes the gradient of the
/// output and returns the gradient of the input, adding parameter gradients unless the parameters are frozen.
/// </summary>
internal abstract class Module : IDisposable
{
    private readonly List<(string Name, ParameterData Value)> _parameters = [];
    private readonly List<(string Name, ParameterData Value)> _buffers = [];
    private readonly List<(string Name, Module Value)> _children = [];
    private readonly List<IDisposable> _resources = [];

    public bool IsTraining { get; private set; } = true;

    public abstract Tensor Forward(Tensor input);

    public abstract Tensor Backward(Tensor gradOutput);

    protected ParameterData RegisterParameter(string name, params int[] shape)
    {
        var p = new ParameterData(shape);
        _parameters.Add((name, p));
        return p;
    }

    /// <summary>A state that is saved and loaded but not trained (batch-norm running statistics).</summary>
    protected ParameterData RegisterBuffer(string name, int[] shape, float fill)
    {
        var b = new ParameterData(shape) { RequiresGrad = false };
        Array.Fill(b.Values, fill);
        _buffers.Add((name, b));
        return b;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        _children.Add((name, module));
        return module;
    }

    /// <summary>Something disposed with the module (kernels, saved tensors).</summary>
    protected T Own<T>(T resource) where T : IDisposable
    {
        _resources.Add(resource);
        return resource;
    }

    public IEnumerable<(string Name, Module Module)> Children => _children.Select(c => (c.Name, c.Value));

    public IEnumerable<(string Name, ParameterData Parameter)> NamedParameters(string prefix = "")
    {
        foreach (var (name, p) in _parameters) yield return (prefix + name, p);
        foreach (var (name, child) in _children)
            foreach (var entry in child.NamedParameters($"{prefix}{name}.")) yield return entry;
    }

    public IEnumerable<(string Name, ParameterData Buffer)> NamedBuffers(string prefix = "")
    {
        foreach (var (name, b) in _buffers) yield return (prefix + name, b);
        foreach (var (name, child) in _children)
            foreach (var entry in child.NamedBuffers($"{prefix}{name}.")) yield return entry;
    }

    public IEnumerable<ParameterData> Parameters() => NamedParameters().Select(p => p.Parameter);

    public long ParameterCount => Parameters().Sum(p => p.Values.LongLength);

    /// <summary>Training (batch statistics) or evaluation mode, for this module and all below it.</summary>
    public Module Train(bool training = true)
    {
        IsTraining = training;
        foreach (var (_, child) in _children) child.Train(training);
        return this;
    }

    public Module Eval() => Train(false);

    /// <summary>Stops (or restarts) parameter gradients; gradients still flow through to the input.</summary>
    public Module Freeze(bool frozen = true)
    {
        foreach (var p in Parameters()) p.RequiresGrad = !frozen;
        return this;
    }

    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }

    /// <summary>Parameters and buffers under PyTorch's keys (copies).</summary>
    public StateDict StateDict()
    {
        var dict = new StateDict();
        foreach (var (name, p) in NamedParameters().Concat(NamedBuffers())) dict.Add(name, p.ToHost());
        return dict;
    }

    /// <summary>
    /// Copies weights in by key (PyTorch's batch-norm counters are ignored). Strict loading requires exactly this module's keys and shapes; the error lists what
    /// was expected, missing and unexpected.
    /// </summary>
    public void LoadStateDict(IEnumerable<KeyValuePair<string, HostTensor>> weights, bool strict = true)
    {
        var own = NamedParameters().Concat(NamedBuffers()).ToDictionary(e => e.Item1, e => e.Item2, StringComparer.Ordinal);
        var given = weights.Where(kv => !kv.Key.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var missing = own.Keys.Where(k => !given.ContainsKey(k)).ToList();
        var unexpected = given.Keys.Where(k => !own.ContainsKey(k)).ToList();
        var wrongShape = own.Where(kv => given.TryGetValue(kv.Key, out var t) && t.Length != kv.Value.Values.LongLength)
            .Select(kv => $"{kv.Key} [{string.Join(", ", given[kv.Key].Shape)}] where [{string.Join(", ", kv.Value.Shape)}] is expected")
            .ToList();
        if (wrongShape.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
            throw new InvalidDataException(
                $"weights do not fit {GetType().Name} ({own.Count} tensors expected)"
                + (missing.Count > 0 ? $"; missing: {Abbreviate(missing)}" : "")
                + (unexpected.Count > 0 ? $"; unexpected: {Abbreviate(unexpected)}" : "")
                + (wrongShape.Count > 0 ? $"; wrong shape: {Abbreviate(wrongShape)}" : ""));
        foreach (var (name, p) in own)
        {
            if (!given.TryGetValue(name, out var t)) continue;
            t.Data.CopyTo(p.Values, 0);
            p.MarkChanged();
        }
    }

    private static string Abbreviate(List<string> items) =>
        items.Count <= 8 ? string.Join(", ", items) : $"{string.Join(", ", items.Take(8))} and {items.Count - 8} more";

    public void Dispose()
    {
        foreach (var (_, child) in _children) child.Dispose();
        foreach (var r in _resources) r.Dispose();
        _resources.Clear();
        GC.SuppressFinalize(this);
    }
}
