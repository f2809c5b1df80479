namespace Esrgan.Training.Data;

/// <summary>Derives independent, reproducible random streams from the run's seed and a stream number (splitmix64).</summary>
internal static class SeedMix
{
    public static int Derive(int seed, long stream)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)stream + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }
}
