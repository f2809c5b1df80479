using Esrgan.Engine;
using Esrgan.Formats.Pickle;

namespace Esrgan.Formats.Architectures;

/// <summary>
/// Finds the weights inside an unpickled checkpoint: BasicSR's params_ema over params, then the
/// state_dict / model / net wrappers other trainers use, else the top-level dict itself.
/// </summary>
internal static class CheckpointContainer
{
    private static readonly string[] Wrappers = ["params_ema", "params", "state_dict", "model", "net"];

    public static StateDict Select(object? root, string file)
    {
        if (root is not PyDict dict) throw new CheckpointFileException(file, $"checkpoint holds {PythonType(root)}, not a dict of tensors");
        for (int depth = 0; depth < Wrappers.Length && Wrappers.Select(w => dict.Get(w)).OfType<PyDict>().FirstOrDefault() is { } inner; depth++)
            dict = inner;
        var weights = new StateDict();
        foreach (var (key, value) in dict.Items)
        {
            if (key is not string name) throw new CheckpointFileException(file, $"state dict has a non-string key '{key}'");
            weights.Add(name, value as HostTensor
                ?? throw new CheckpointFileException(file, $"'{name}' holds {PythonType(value)}, not a tensor"));
        }
        return weights;
    }

    private static string PythonType(object? value) => value switch
    {
        null => "None",
        List<object?> => "a list",
        PyTuple => "a tuple",
        PyDict => "a dict",
        string => "a string",
        long or System.Numerics.BigInteger => "an integer",
        double => "a float",
        bool => "a bool",
        _ => $"a {value.GetType().Name}",
    };
}
