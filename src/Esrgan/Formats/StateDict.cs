using System.Collections;
using Esrgan.Engine;

namespace Esrgan.Formats;

/// <summary>Named fp32 tensors in file (or canonical) order, with string metadata carried along.</summary>
internal sealed class StateDict : IEnumerable<KeyValuePair<string, HostTensor>>
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, HostTensor> _tensors = new(StringComparer.Ordinal);

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    public int Count => _order.Count;
    public IReadOnlyList<string> Keys => _order;

    public HostTensor this[string name] => _tensors.TryGetValue(name, out var t) ? t
        : throw new KeyNotFoundException($"state dict has no tensor '{name}'");

    public void Add(string name, HostTensor tensor)
    {
        if (!_tensors.TryAdd(name, tensor)) throw new ArgumentException($"duplicate tensor name '{name}'");
        _order.Add(name);
    }

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public bool TryGet(string name, out HostTensor tensor) => _tensors.TryGetValue(name, out tensor!);

    /// <summary>Elements of every tensor except batch-norm running statistics, which are buffers, not parameters.</summary>
    public long ParameterCount => _order
        .Where(k => !k.EndsWith(".running_mean", StringComparison.Ordinal) && !k.EndsWith(".running_var", StringComparison.Ordinal))
        .Sum(k => _tensors[k].Length);

    public IEnumerator<KeyValuePair<string, HostTensor>> GetEnumerator() =>
        _order.Select(k => new KeyValuePair<string, HostTensor>(k, _tensors[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
