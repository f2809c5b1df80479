using System.Runtime.InteropServices;

namespace Esrgan.Native.Mpi;

/// <summary>
/// The few MPI calls data-parallel training needs, from Open MPI 4 (Debian package libopenmpi3, libmpi.so.40).
/// Open MPI's predefined handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, ...) are the addresses of exported globals
/// (ompi_mpi_comm_world, ...), so they are looked up as symbols rather than declared as constants.
/// </summary>
internal static unsafe partial class MpiNative
{
    public const string Library = "libmpi.so.40";
    public const int Success = 0;
    public const int ThreadFunneled = 1;

    /// <summary>MPI_IN_PLACE in Open MPI's mpi.h.</summary>
    public static readonly void* InPlace = (void*)1;

    private const int RtldNow = 2, RtldGlobal = 0x100;

    [LibraryImport("libc.so.6", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint DlOpen(string file, int mode);

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport(Library, EntryPoint = "MPI_Init_thread")]
    public static partial int InitThread(int* argc, byte*** argv, int required, int* provided);

    [LibraryImport(Library, EntryPoint = "MPI_Initialized")]
    public static partial int Initialized(int* flag);

    [LibraryImport(Library, EntryPoint = "MPI_Finalize")]
    public static partial int FinalizeMpi();

    [LibraryImport(Library, EntryPoint = "MPI_Abort")]
    public static partial int Abort(nint comm, int errorCode);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_rank")]
    public static partial int CommRank(nint comm, int* rank);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_size")]
    public static partial int CommSize(nint comm, int* size);

    [LibraryImport(Library, EntryPoint = "MPI_Allreduce")]
    public static partial int Allreduce(void* send, void* receive, int count, nint datatype, nint op, nint comm);

    [LibraryImport(Library, EntryPoint = "MPI_Bcast")]
    public static partial int Bcast(void* buffer, int count, nint datatype, int root, nint comm);

    [LibraryImport(Library, EntryPoint = "MPI_Barrier")]
    public static partial int Barrier(nint comm);

    /// <summary>The predefined handles, valid once the library is loaded.</summary>
    public readonly record struct Handles(nint CommWorld, nint Float, nint Double, nint Byte, nint Sum);

    /// <summary>
    /// Loads libmpi with RTLD_GLOBAL (its dlopen'ed components resolve symbols against it) and returns the handles.
    /// Open MPI's own SIGSEGV/SIGBUS/SIGFPE handlers are switched off unless the user set opal_signal: .NET turns those
    /// signals into NullReferenceException and friends, and a foreign handler would make them fatal.
    /// </summary>
    public static Handles Load()
    {
        SetEnv("OMPI_MCA_opal_signal", "", overwrite: 0);
        nint handle = DlOpen(Library, RtldNow | RtldGlobal);
        if (handle == 0)
            throw new DllNotFoundException($"{Library} (Open MPI) is not installed; install it with: apt-get install openmpi-bin libopenmpi-dev");
        return new Handles(
            NativeLibrary.GetExport(handle, "ompi_mpi_comm_world"),
            NativeLibrary.GetExport(handle, "ompi_mpi_float"),
            NativeLibrary.GetExport(handle, "ompi_mpi_double"),
            NativeLibrary.GetExport(handle, "ompi_mpi_byte"),
            NativeLibrary.GetExport(handle, "ompi_mpi_op_sum"));
    }

    public static void Check(int code, string call)
    {
        if (code != Success) throw new InvalidOperationException($"{call} failed with MPI error code {code}");
    }
}
