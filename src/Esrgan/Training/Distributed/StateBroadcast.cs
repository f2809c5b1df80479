using System.Text;
using System.Text.Json;
using Esrgan.Layers;
using Esrgan.Training.Checkpoints;
using Esrgan.Training.Optimizers;

namespace Esrgan.Training.Distributed;

/// <summary>
/// Makes every rank start from rank 0's state, as DDP broadcasts the model at construction: weights, buffers and
/// Adam moments of every network, the optimisers' step counts and the scalar state. Only rank 0 reads checkpoints,
/// so ranks need no shared file system to resume.
/// </summary>
public static class StateBroadcast
{
    public static TrainingStateInfo FromLead(ICollectiveCommunicator communicator, TrainingStateInfo info,
        IReadOnlyDictionary<string, Module> networks, IReadOnlyDictionary<string, Adam> optimizers)
    {
        if (communicator.Size == 1) return info;
        foreach (var network in networks.Values)
            foreach (var (_, p) in network.NamedParameters().Concat(network.NamedBuffers()))
            {
                communicator.Broadcast(p.Values, 0);
                p.MarkChanged();
            }
        foreach (var adam in optimizers.Values)
        {
            for (int i = 0; i < adam.Parameters.Count; i++)
            {
                communicator.Broadcast(adam.FirstMoments[i], 0);
                communicator.Broadcast(adam.SecondMoments[i], 0);
            }
        }
        info = Broadcast(communicator, info);
        if (optimizers.TryGetValue("optim_g", out var g)) g.Step = info.OptimizerGSteps;
        if (optimizers.TryGetValue("optim_d", out var d)) d.Step = info.OptimizerDSteps;
        return info;
    }

    private static TrainingStateInfo Broadcast(ICollectiveCommunicator communicator, TrainingStateInfo info)
    {
        byte[] json = communicator.Rank == 0 ? Encoding.UTF8.GetBytes(JsonSerializer.Serialize(info)) : [];
        var length = BitConverter.GetBytes(json.Length);
        communicator.Broadcast(length, 0);
        if (communicator.Rank != 0) json = new byte[BitConverter.ToInt32(length)];
        communicator.Broadcast(json, 0);
        return JsonSerializer.Deserialize<TrainingStateInfo>(json)!;
    }
}
