using Esrgan.Formats.Torch;

namespace Esrgan.Formats.Pickle;

/// <summary>
/// The only globals a checkpoint may name. Anything else (os.system, builtins.eval, subprocess.Popen,
/// classes of the saving program, ...) is refused when its GLOBAL opcode is read, before anything is built.
/// </summary>
internal static class PickleGlobals
{
    public const string OrderedDict = "collections.OrderedDict";
    public const string RebuildTensor = "torch._utils._rebuild_tensor_v2";
    public const string RebuildParameter = "torch._utils._rebuild_parameter";

    private static readonly HashSet<string> Callables = [OrderedDict, RebuildTensor, RebuildParameter];

    public static PyGlobal Resolve(string module, string name, string file)
    {
        var global = new PyGlobal(module, name);
        if (Callables.Contains(global.FullName) || StorageType(global) != null) return global;
        throw new PickleSecurityException(file, $"refused to load global '{global.FullName}': not on the allow-list of checkpoint types");
    }

    /// <summary>The element type of a torch.*Storage global, or null when it is not one.</summary>
    public static TorchDType? StorageType(PyGlobal global) =>
        global.Module == "torch" ? TorchDTypes.FromStorageName(global.Name) : null;
}

/// <summary>A pickle asked for something a weights file never needs: treated as an attack and refused.</summary>
public sealed class PickleSecurityException(string path, string problem) : CheckpointFileException(path, problem);
