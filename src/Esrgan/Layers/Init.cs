namespace Esrgan.Layers;

/// <summary>Weight initialisation as BasicSR's default_init_weights: Kaiming-normal (fan-in, gain sqrt 2) times a scale, zero bias.</summary>
internal static class Init
{
    public static void KaimingNormal(Module module, Random random, float scale = 1f)
    {
        var parameters = module.NamedParameters().ToList();
        var layers = parameters.Where(e => e.Name.EndsWith("weight", StringComparison.Ordinal) && e.Parameter.Shape.Length is 2 or 4)
            .Select(e => e.Name[..^"weight".Length]).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, p) in parameters)
        {
            if (name.EndsWith("bias", StringComparison.Ordinal) && layers.Contains(name[..^"bias".Length]))
                Array.Clear(p.Values);
            else if (p.Shape.Length is 2 or 4)
            {
                double std = Math.Sqrt(2.0 / (p.Values.LongLength / p.Shape[0]));
                for (int i = 0; i < p.Values.Length; i++) p.Values[i] = (float)(Gaussian(random) * std) * scale;
            }
            else continue;
            p.MarkChanged();
        }
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
