using Esrgan.Formats.Torch;

namespace Esrgan.Formats.Pickle;

/// <summary>What REDUCE, NEWOBJ and BUILD do for the allow-listed globals; nothing else can be called.</summary>
internal static class PickleCalls
{
    public static object? Reduce(object? callable, object? args, string file)
    {
        if (callable is not PyGlobal global || args is not PyTuple tuple)
            throw new PickleSecurityException(file, $"REDUCE on a value that is not an allow-listed callable");
        var a = tuple.Items;
        return global.FullName switch
        {
            PickleGlobals.OrderedDict when a.Length == 0 => new PyDict(),
            PickleGlobals.RebuildTensor when a.Length is >= 4 and <= 7 => RebuildTensor(a, file),
            PickleGlobals.RebuildParameter when a.Length >= 1 && a[0] is TensorRef t => t,
            _ => throw new PickleSecurityException(file, $"refused to call '{global.FullName}' with {a.Length} arguments"),
        };
    }

    public static object NewObject(object? cls, object? args, string file) =>
        cls is PyGlobal { FullName: PickleGlobals.OrderedDict } && args is PyTuple { Items.Length: 0 }
            ? new PyDict()
            : throw new PickleSecurityException(file, $"refused to instantiate '{(cls as PyGlobal)?.FullName ?? cls?.GetType().Name}'");

    /// <summary>BUILD sets instance state; only dicts (a state_dict's _metadata attribute) are expected, and the state is dropped.</summary>
    public static void Build(object? target, string file)
    {
        if (target is not PyDict)
            throw new PickleSecurityException(file, $"refused to set state on a {target?.GetType().Name ?? "None"}");
    }

    private static TensorRef RebuildTensor(object?[] a, string file)
    {
        if (a[0] is not StorageRef storage) throw new CheckpointFileException(file, $"tensor without a storage");
        long offset = a[1] is long o && o >= 0 ? o : throw new CheckpointFileException(file, $"bad tensor storage offset");
        int[] size = Ints(a[2], file).Select(v => v is >= 0 and <= int.MaxValue ? (int)v
            : throw new CheckpointFileException(file, $"bad tensor dimension {v}")).ToArray();
        long[] stride = Ints(a[3], file);
        if (size.Length != stride.Length) throw new CheckpointFileException(file, $"tensor size and stride differ in rank");
        return new TensorRef(storage, offset, size, stride);
    }

    private static long[] Ints(object? value, string file)
    {
        if (value is not PyTuple t || t.Items.Length > PickleLimits.MaxTensorRank)
            throw new CheckpointFileException(file, $"tensor shape is not a tuple of at most {PickleLimits.MaxTensorRank} integers");
        return t.Items.Select(v => v is long l ? l : throw new CheckpointFileException(file, $"tensor shape holds a non-integer")).ToArray();
    }
}
