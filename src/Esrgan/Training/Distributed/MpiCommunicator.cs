using Esrgan.Native.Mpi;

namespace Esrgan.Training.Distributed;

/// <summary>
/// MPI_COMM_WORLD through Open MPI. MPI is initialised with MPI_THREAD_FUNNELED: only the thread that created this
/// object makes MPI calls (the training loop; the batch prefetcher never does).
/// </summary>
public sealed unsafe class MpiCommunicator : ICollectiveCommunicator
{
    private readonly MpiNative.Handles _mpi;
    private bool _finalized;

    public MpiCommunicator()
    {
        _mpi = MpiNative.Load();
        int provided;
        MpiNative.Check(MpiNative.InitThread(null, null, MpiNative.ThreadFunneled, &provided), "MPI_Init_thread");
        if (provided < MpiNative.ThreadFunneled)
            throw new InvalidOperationException($"MPI provides thread level {provided}; MPI_THREAD_FUNNELED ({MpiNative.ThreadFunneled}) is needed");
        int rank, size;
        MpiNative.Check(MpiNative.CommRank(_mpi.CommWorld, &rank), "MPI_Comm_rank");
        MpiNative.Check(MpiNative.CommSize(_mpi.CommWorld, &size), "MPI_Comm_size");
        Rank = rank;
        Size = size;
    }

    public int Rank { get; }
    public int Size { get; }

    public void AllreduceSum(Span<float> values)
    {
        fixed (float* p = values) MpiNative.Check(MpiNative.Allreduce(MpiNative.InPlace, p, values.Length, _mpi.Float, _mpi.Sum, _mpi.CommWorld), "MPI_Allreduce");
    }

    public void AllreduceSum(Span<double> values)
    {
        fixed (double* p = values) MpiNative.Check(MpiNative.Allreduce(MpiNative.InPlace, p, values.Length, _mpi.Double, _mpi.Sum, _mpi.CommWorld), "MPI_Allreduce");
    }

    public void Broadcast(Span<float> values, int root)
    {
        fixed (float* p = values) MpiNative.Check(MpiNative.Bcast(p, values.Length, _mpi.Float, root, _mpi.CommWorld), "MPI_Bcast");
    }

    public void Broadcast(Span<byte> values, int root)
    {
        fixed (byte* p = values) MpiNative.Check(MpiNative.Bcast(p, values.Length, _mpi.Byte, root, _mpi.CommWorld), "MPI_Bcast");
    }

    public void Barrier() => MpiNative.Check(MpiNative.Barrier(_mpi.CommWorld), "MPI_Barrier");

    public void Abort(int exitCode)
    {
        _finalized = true;
        MpiNative.Abort(_mpi.CommWorld, exitCode);
    }

    public void Dispose()
    {
        if (_finalized) return;
        _finalized = true;
        MpiNative.Check(MpiNative.FinalizeMpi(), "MPI_Finalize");
    }
}
