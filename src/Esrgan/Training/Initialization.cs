using Esrgan.Layers;

namespace Esrgan.Training;

/// <summary>
/// PyTorch's default layer initialisation, which architectures' descriptors build on: every convolution and linear
/// layer kaiming_uniform with a = sqrt(5), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases alike;
/// other layers keep what their constructors set (batch norm 1 and 0, PReLU 0.25).
/// </summary>
internal static class Initialization
{
    /// <summary>
    /// Initialises every layer with PyTorch's default, except modules that <paramref name="scaledKaiming"/> picks,
    /// which get BasicSR's default_init_weights(..., 0.1): Kaiming-normal times 0.1 with zero bias.
    /// </summary>
    public static void PyTorchDefault(Module network, Random random, Func<Module, bool>? scaledKaiming = null)
    {
        if (scaledKaiming?.Invoke(network) == true)
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
        foreach (var (_, child) in network.Children) PyTorchDefault(child, random, scaledKaiming);
    }
}
