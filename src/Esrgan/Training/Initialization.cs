using Esrgan.Layers;
using Esrgan.Models;

namespace Esrgan.Training;

/// <summary>
/// A generator's starting weights as BasicSR makes them: the convolutions of every residual dense block
/// Kaiming-normal times 0.1 with zero bias (ESRGAN supplement Sec. 2), every other layer with PyTorch's default
/// (kaiming_uniform with a = sqrt(5): U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases alike).
/// </summary>
public static class Initialization
{
    public static void Apply(Module network, Random random)
    {
        if (network is ResidualDenseBlock)
        {
            Init.KaimingNormal(network, random, 0.1f);
            return;
        }
        var own = network.NamedParameters().Where(p => !p.Name.Contains('.')).ToList();
        var weight = own.FirstOrDefault(p => p.Name == "weight").Parameter;
        if (weight != null && weight.Shape.Length is 2 or 4)
        {
            double bound = 1 / Math.Sqrt(weight.Values.LongLength / weight.Shape[0]);
            foreach (var (_, p) in own)
            {
                for (int i = 0; i < p.Values.Length; i++) p.Values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
                p.MarkChanged();
            }
        }
        foreach (var (_, child) in network.Children) Apply(child, random);
    }
}
