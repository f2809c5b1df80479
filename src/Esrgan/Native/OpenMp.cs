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

    /// <summary>Iterations an idle libgomp thread spins before it sleeps (libgomp's own default is 300,000).</summary>
    public const int SpinCount = 30_000;

    /// <summary>
    /// Unless OMP_WAIT_POLICY or GOMP_SPINCOUNT is set, idle threads spin <see cref="SpinCount"/> iterations and then
    /// sleep. Spinning long competes with the managed code that runs between layers on machines with few cores;
    /// sleeping at once (PASSIVE, the earlier default) pays a wake-up for each of the thousands of primitives of a
    /// training step: in alternating runs here the fp32 step was faster with the short spin in 4 of 4 rounds (about 9%).
    /// </summary>
    public static void SetDefaultWaitPolicy()
    {
        if (_policySet) return;
        _policySet = true;
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
            SetEnv("GOMP_SPINCOUNT", SpinCount.ToString(System.Globalization.CultureInfo.InvariantCulture), overwrite: 0);
    }

    /// <summary>Uses <paramref name="threads"/> threads on this thread until disposed; 0 leaves the count as it is.</summary>
    public static IDisposable Threads(int threads)
    {
        if (threads <= 0) return new Engine.RestoringScope(() => { });
        int previous = GetMaxThreads();
        SetNumThreads(threads);
        return new Engine.RestoringScope(() => SetNumThreads(previous));
    }

    /// <summary>
    /// Runs <paramref name="body"/> once on each thread of a team (the calling thread and the workers oneDNN's kernels
    /// run on, as many as the thread count in force), and returns when all have; <paramref name="body"/> must not throw.
    /// </summary>
    public static unsafe void OnEveryThread(delegate* unmanaged<void*, void> body, void* state) => GompParallel(body, state, 0, 0);

    [LibraryImport(Library, EntryPoint = "GOMP_parallel")]
    private static unsafe partial void GompParallel(delegate* unmanaged<void*, void> body, void* state, uint threads, uint flags);

    [LibraryImport(Library, EntryPoint = "omp_set_num_threads")] private static partial void SetNumThreads(int threads);
    [LibraryImport(Library, EntryPoint = "omp_get_max_threads")] private static partial int GetMaxThreads();

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
