namespace Esrgan.Training.Distributed;

/// <summary>A run of one rank: every collective is the identity, and nothing is loaded.</summary>
public sealed class SingleProcessCommunicator : ICollectiveCommunicator
{
    public static SingleProcessCommunicator Instance { get; } = new();

    public int Rank => 0;
    public int Size => 1;

    public void AllreduceSum(Span<float> values) { }
    public void AllreduceSum(Span<double> values) { }
    public void Broadcast(Span<float> values, int root) { }
    public void Broadcast(Span<byte> values, int root) { }
    public void Barrier() { }
    /// <summary>Nothing to end but this process, which returns its exit code as usual.</summary>
    public void Abort(int exitCode) { }
    public void Dispose() { }
}
