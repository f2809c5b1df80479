using Esrgan.Engine;
using Esrgan.Formats;

namespace Esrgan.Layers;

/// <summary>
/// A network part with explicit forward and backward passes (no hidden autograd). Parameters, buffers and child
/// modules are registered under the names PyTorch uses, so <see cref="StateDict"/> keys equal PyTorch's.
/// Forward does not take ownership of its input and returns a new tensor; backward takes the gradient of the
/// output and returns the gradient of the input, adding parameter gradients unless the parameters are frozen.
/// Every forward is numbered; what a layer keeps for its backward (<see cref="SavedTensor"/>, <see cref="Saved{T}"/>)
/// carries the number of the forward that made it, and backward refuses to run when a later forward (one without
/// gradients, say) came in between, naming the layer. The forward a backward differentiates must be the layer's last.
/// </summary>
internal abstract class Module : IDisposable
{
    private long _forwards;
    private long _lastRecorded;
    private long _lastBackward;
    private readonly List<SavedState> _saved = [];
    private Module? _parent;
    private string? _name;
    private readonly List<(string Name, ParameterData Value)> _parameters = [];
    private readonly List<(string Name, ParameterData Value)> _buffers = [];
    private readonly List<(string Name, Module Value)> _children = [];
    private readonly List<IDisposable> _resources = [];

    public bool IsTraining { get; private set; } = true;

    public Tensor Forward(Tensor input)
    {
        BeginForward();
        return OnForward(input);
    }

    public Tensor Backward(Tensor gradOutput)
    {
        CheckBackward();
        var gradInput = OnBackward(gradOutput);
        EndBackward();
        return gradInput;
    }

    protected abstract Tensor OnForward(Tensor input);

    /// <summary>Reads only what <see cref="OnForward"/> kept in this module's saved fields (checked by them).</summary>
    protected abstract Tensor OnBackward(Tensor gradOutput);

    /// <summary>The number of forward passes this module has run (its generation).</summary>
    public long ForwardGeneration => Interlocked.Read(ref _forwards);

    /// <summary>Where the module sits: the root's type, then the registered names (VggStyleDiscriminator.conv0_0).</summary>
    public string Path => _parent == null ? GetType().Name : $"{_parent.Path}.{_name}";

    /// <summary>Starts a forward pass: a new generation, recorded for backward when gradients are enabled.</summary>
    protected void BeginForward()
    {
        long generation = Interlocked.Increment(ref _forwards);
        if (GradMode.Enabled) _lastRecorded = generation;
    }

    /// <summary>Throws unless the module's last forward ran with gradients enabled and has not been differentiated yet.</summary>
    protected void CheckBackward()
    {
        if (_forwards > 0 && _lastBackward == _forwards)
            throw new LayerStateException($"{Path} ({GetType().Name}): backward already ran for forward #{_forwards}, and what it kept is released");
        CheckSaved("its forward state", _forwards > 0 && _lastRecorded == _forwards ? _forwards : null);
    }

    /// <summary>Releases what this module's last forward kept, as PyTorch frees a graph after its backward.</summary>
    protected void EndBackward()
    {
        _lastBackward = _forwards;
        foreach (var s in _saved) s.Release();
    }

    /// <summary>A tensor slot that forward fills and backward reads (released after backward and on dispose).</summary>
    protected SavedTensor KeepsTensor(string what) => Own(Keeps(new SavedTensor(this, what)));

    /// <summary>A slot for managed values (statistics, indices) that forward fills and backward reads.</summary>
    protected Saved<T> Keeps<T>(string what) where T : notnull => Keeps(new Saved<T>(this, what));

    private T Keeps<T>(T slot) where T : SavedState
    {
        _saved.Add(slot);
        return slot;
    }

    /// <summary>Throws, naming this layer, unless something saved in forward generation <paramref name="generation"/> is from the last forward.</summary>
    internal void CheckSaved(string what, long? generation)
    {
        long current = ForwardGeneration;
        if (generation == current) return;
        throw new LayerStateException(current == 0
            ? $"{Path} ({GetType().Name}): backward before any forward"
            : generation == null
                ? $"{Path} ({GetType().Name}): backward needs {what} from forward #{current}, which ran without gradients; "
                    + "run the forward to differentiate last, with gradients enabled, just before its backward"
                : $"{Path} ({GetType().Name}): backward reads {what} from forward #{generation}, but forward #{current} ran since; "
                    + "run the forward to differentiate last, just before its backward");
    }

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
        module._parent = this;
        module._name = name;
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
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Disposes children and owned resources. Modules hold no native handle of their own: tensors and kernels free
    /// theirs when collected, so a module that is never disposed is reclaimed by the collector, only later.
    /// </summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        foreach (var (_, child) in _children) child.Dispose();
        foreach (var r in _resources) r.Dispose();
        _resources.Clear();
    }
}
