using System.Runtime.InteropServices;

namespace Esrgan.Native;

/// <summary>
/// The OpenMP runtime oneDNN runs on (libgomp). Its wait policy is read once, when libgomp loads, from the process
/// environment; .NET's Environment.SetEnvironmentVariable does not reach that environment, so libc's setenv is used.
/// </summary>
internal static partial class OpenMp
{
    private const string Library = "libgomp.so.1";
    private static bool _policySet;

    /// <summary>
    /// PASSIVE unless OMP_WAIT_POLICY is already set: idle threads sleep instead of spinning, which on machines
    /// shared with the managed code between layers is markedly faster (what the esrgan launcher always did).
    /// </summary>
    public static void SetDefaultWaitPolicy()
    {
        if (_policySet) return;
        _policySet = true;
        SetEnv("OMP_WAIT_POLICY", "PASSIVE", overwrite: 0);
    }

    /// <summary>Uses <paramref name="threads"/> threads on this thread until disposed; 0 leaves the count as it is.</summary>
    public static IDisposable Threads(int threads)
    {
        if (threads <= 0) return new Engine.RestoringScope(() => { });
        int previous = GetMaxThreads();
        SetNumThreads(threads);
        return new Engine.RestoringScope(() => SetNumThreads(previous));
    }

    [LibraryImport(Library, EntryPoint = "omp_set_num_threads")] private static partial void SetNumThreads(int threads);
    [LibraryImport(Library, EntryPoint = "omp_get_max_threads")] private static partial int GetMaxThreads();

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
