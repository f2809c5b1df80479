namespace Esrgan.Formats.Pickle;

/// <summary>A Python tuple as the unpickler builds it.</summary>
internal sealed record PyTuple(object?[] Items);

/// <summary>A Python dict or OrderedDict; insertion order is kept, as Python does, and lookups are hashed.</summary>
internal sealed class PyDict
{
    private readonly Dictionary<object, int> _index = [];

    private readonly List<KeyValuePair<object, object?>> _items = [];

    public IReadOnlyList<KeyValuePair<object, object?>> Items => _items;

    public void Set(object key, object? value)
    {
        if (_index.TryGetValue(key, out int i)) _items[i] = new(key, value);
        else
        {
            _index.Add(key, _items.Count);
            _items.Add(new(key, value));
        }
    }

    public object? Get(string key) => _index.TryGetValue(key, out int i) ? _items[i].Value : null;

    public bool Has(string key) => _index.ContainsKey(key);
}

/// <summary>An allow-listed global (module.name) pushed by GLOBAL / STACK_GLOBAL.</summary>
internal sealed record PyGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}

/// <summary>A storage referenced by a persistent id: its key in the file, element type and element count.</summary>
internal sealed record StorageRef(string Key, Torch.TorchDType DType, long Count);

/// <summary>A tensor view on a storage, as described by torch._utils._rebuild_tensor_v2.</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, int[] Size, long[] Stride);
