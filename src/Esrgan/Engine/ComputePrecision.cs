namespace Esrgan.Engine;

/// <summary>
/// The engine-wide precision switch: the precision convolutions compute in on this thread, float32 unless a scope
/// says otherwise (like <see cref="Layers.GradMode"/>). Layers read it on every call, so one network can run in
/// either precision; converted weights are kept per precision.
/// </summary>
public static class ComputePrecision
{
    [ThreadStatic] private static Precision? _scoped;

    /// <summary><see cref="Precision.Float32"/> or <see cref="Precision.BFloat16"/> (never Auto).</summary>
    public static Precision Current => _scoped ?? Precision.Float32;

    /// <summary>Auto resolved for the current backend: bf16 where the CPU computes it natively.</summary>
    public static Precision Resolve(Precision precision) => precision switch
    {
        Precision.Auto => Backend.Current.NativeBFloat16 ? Precision.BFloat16 : Precision.Float32,
        Precision.Float32 or Precision.BFloat16 => precision,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision"),
    };

    /// <summary>Computes in <paramref name="precision"/> (Auto resolved) on this thread until the scope is disposed.</summary>
    public static IDisposable Use(Precision precision)
    {
        var previous = _scoped;
        _scoped = Resolve(precision);
        return new RestoringScope(() => _scoped = previous);
    }

    /// <summary>Parses auto, fp32/float32 or bf16/bfloat16; the error names <paramref name="source"/>.</summary>
    public static Precision Parse(string? text, string source) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => Precision.Auto,
        "fp32" or "float32" => Precision.Float32,
        "bf16" or "bfloat16" => Precision.BFloat16,
        _ => throw new ArgumentException($"{source}: unknown precision '{text}' (use auto, fp32 or bf16)"),
    };
}
