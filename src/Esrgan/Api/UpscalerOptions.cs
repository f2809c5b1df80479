namespace Esrgan;

/// <summary>
/// How an <see cref="Upscaler"/> works: threads, tiling, memory, self-ensemble, alpha and the final scale.
/// The defaults use all cores, compute in bf16 where the CPU has it natively, choose the tile size from half the
/// memory available when the upscaler is made (so that most images run untiled) and keep the model's scale.
/// </summary>
public sealed record UpscalerOptions
{
    /// <summary>Threads for the convolutions; 0 (the default) uses every core, or OMP_NUM_THREADS when it is set.</summary>
    public int Threads { get; init; }

    /// <summary>Input tile side in pixels; 0 (the default) picks the largest that fits <see cref="MemoryBudgetBytes"/>.</summary>
    public int TileSize { get; init; }

    /// <summary>Context in input pixels added around each tile and thrown away afterwards (what makes tiles seamless).</summary>
    public int TilePad { get; init; } = 32;

    /// <summary>
    /// Working memory (activations, tile results, output rows) that the automatic tile size must fit; 0 (the default)
    /// takes half of the memory available when the upscaler is made (MemAvailable on Linux), at least 512 MiB.
    /// </summary>
    public long MemoryBudgetBytes { get; init; }

    /// <summary>What the convolutions compute in; <see cref="Precision.Auto"/> (the default) is bf16 where the CPU has AVX512_BF16.</summary>
    public Precision Precision { get; init; } = Precision.Auto;

    /// <summary>x8 self-ensemble: the mean over all flips and transposes (eight times slower, slightly better).</summary>
    public bool Tta { get; init; }

    /// <summary>How alpha channels are upscaled.</summary>
    public AlphaMode Alpha { get; init; } = AlphaMode.Model;

    /// <summary>
    /// The final scale relative to the input, reached by a MATLAB-style bicubic resize of the model's result;
    /// null (the default) keeps the model's scale. A result that is resized is held in memory whole.
    /// </summary>
    public double? OutputScale { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be 0 (all cores) or more");
        if (TileSize < 0) throw new ArgumentOutOfRangeException(nameof(TileSize), TileSize, "TileSize must be 0 (automatic) or more");
        if (TilePad < 0) throw new ArgumentOutOfRangeException(nameof(TilePad), TilePad, "TilePad must be 0 or more");
        if (MemoryBudgetBytes != 0 && MemoryBudgetBytes < 16L * 1024 * 1024)
            throw new ArgumentOutOfRangeException(nameof(MemoryBudgetBytes), MemoryBudgetBytes, "MemoryBudgetBytes must be 0 (automatic) or at least 16 MiB");
        if (!Enum.IsDefined(Precision)) throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "Precision must be Auto, Float32 or BFloat16");
        if (!Enum.IsDefined(Alpha)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be Model or Bicubic");
        if (OutputScale is double s && !(s > 0 && s <= 64))
            throw new ArgumentOutOfRangeException(nameof(OutputScale), s, "OutputScale must be greater than 0 and at most 64");
    }
}
