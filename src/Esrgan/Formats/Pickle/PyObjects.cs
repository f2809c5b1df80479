namespace Esrgan.Formats.Pickle;

/// <summary>A Python tuple as the unpickler builds it.</summary>
internal sealed record PyTuple(object?[] Items);

/// <summary>A Python dict or OrderedDict; insertion order is kept, as Python does.</summary>
internal sealed class PyDict
{
    public List<KeyValuePair<object, object?>> Items { get; } = [];

    public void Set(object key, object? value)
    {
        int i = Items.FindIndex(kv => Equals(kv.Key, key));
        if (i >= 0) Items[i] = new(key, value);
        else Items.Add(new(key, value));
    }

    public object? Get(string key) => Items.FirstOrDefault(kv => key.Equals(kv.Key)).Value;

    public bool Has(string key) => Items.Any(kv => key.Equals(kv.Key));
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
