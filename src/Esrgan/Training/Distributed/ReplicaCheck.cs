using System.Runtime.InteropServices;
using Esrgan.Layers;

namespace Esrgan.Training.Distributed;

/// <summary>
/// Confirms that every rank holds the same weights as rank 0, as data parallelism promises when all gradients are
/// averaged: the ranks apply identical updates to identical weights, so their checksums agree bit for bit. Run
/// before each checkpoint; a difference means a network's gradients were not averaged and the saved model would
/// be rank 0's alone.
/// </summary>
public static class ReplicaCheck
{
    public static void EnsureInSync(ICollectiveCommunicator ranks, IReadOnlyDictionary<string, Module> networks)
    {
        if (ranks.Size == 1) return;
        var names = networks.Keys.Order(StringComparer.Ordinal).ToArray();
        var local = names.Select(n => Checksum(networks[n])).ToArray();
        var lead = (double[])local.Clone();
        ranks.Broadcast(MemoryMarshal.AsBytes(lead.AsSpan()), 0);
        var differs = new double[names.Length];
        for (int i = 0; i < names.Length; i++) differs[i] = local[i].Equals(lead[i]) ? 0 : 1;
        ranks.AllreduceSum(differs);
        var diverged = names.Where((_, i) => differs[i] > 0).ToList();
        if (diverged.Count > 0)
            throw new InvalidOperationException($"the weights of {string.Join(", ", diverged)} differ between ranks; their gradients were not averaged");
    }

    /// <summary>A position-weighted sum in a fixed order: equal on bit-identical weights, different on almost any change.</summary>
    private static double Checksum(Module network)
    {
        double sum = 0;
        long position = 0;
        foreach (var (_, p) in network.NamedParameters())
            foreach (float v in p.Values) sum += v * (double)(1 + (position++ % 9973));
        return sum;
    }
}
