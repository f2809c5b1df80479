using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Esrgan.Native;

/// <summary>
/// Loads the native libraries the NuGet package carries (runtimes/linux-x64/native) in preference to the system's.
/// The dynamic loader looks for a library's own dependencies only in the system paths, so the carried copies of
/// those dependencies (libgomp, libOpenCL) are loaded by full path first; a later load of oneDNN then finds them
/// already present. Without carried copies the system's libraries are used as before.
/// </summary>
internal static partial class NativeLibraries
{
    private static readonly string[] Dependencies = ["libgomp.so.1", "libOpenCL.so.1"];
    private static readonly HashSet<string> Carried =
        ["libdnnl.so.2", "libspng.so.0", "libturbojpeg.so.0", "libwebp.so.7", .. Dependencies];

    private static readonly Lazy<string?> Folder = new(FindFolder);

#pragma warning disable CA2255 // The resolver must be in place before the first P/Invoke of any class in this assembly.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);

    /// <summary>The folder the carried libraries were loaded from, or null when the system's are used.</summary>
    public static string? CarriedFolder => Folder.Value;

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!Carried.Contains(name)) return 0;
        OpenMp.SetDefaultWaitPolicy();
        if (Folder.Value is not string folder) return 0;
        foreach (string dependency in Dependencies) NativeLibrary.TryLoad(Path.Combine(folder, dependency), out _);
        return NativeLibrary.TryLoad(Path.Combine(folder, name), out nint handle) ? handle : 0;
    }

    private static string? FindFolder()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return null;
        string location = typeof(NativeLibraries).Assembly.Location;
        string baseDir = location.Length > 0 ? Path.GetDirectoryName(location)! : AppContext.BaseDirectory;
        string[] candidates = [Path.Combine(baseDir, "runtimes", "linux-x64", "native"), baseDir];
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "libdnnl.so.2")));
    }
}
