namespace Esrgan.Training.Distributed;

/// <summary>
/// The collective operations data-parallel training uses, among the ranks of one run. MPI implements it today;
/// a GPU back-end (NCCL) can take its place. Every rank must make the same calls in the same order.
/// </summary>
public interface ICollectiveCommunicator : IDisposable
{
    int Rank { get; }

    int Size { get; }

    /// <summary>Replaces <paramref name="values"/> on every rank with the element-wise sum over all ranks.</summary>
    void AllreduceSum(Span<float> values);

    /// <inheritdoc cref="AllreduceSum(Span{float})"/>
    void AllreduceSum(Span<double> values);

    /// <summary>Copies <paramref name="values"/> of rank <paramref name="root"/> to every rank.</summary>
    void Broadcast(Span<float> values, int root);

    /// <inheritdoc cref="Broadcast(Span{float}, int)"/>
    void Broadcast(Span<byte> values, int root);

    void Barrier();

    /// <summary>Ends every rank of the run at once with <paramref name="exitCode"/> (a failed rank must not leave the others waiting).</summary>
    void Abort(int exitCode);
}
