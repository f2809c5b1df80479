namespace Esrgan.Upscaling;

public enum AlphaMode
{
    /// <summary>The alpha channel goes through the network as a grey image.</summary>
    Model,
    /// <summary>The alpha channel is upscaled with MATLAB-style bicubic interpolation.</summary>
    Bicubic,
}

/// <summary>How to upscale: tiling, self-ensemble, alpha handling and image interpolation with a second network.</summary>
public sealed record UpscaleOptions
{
    /// <summary>Input tile side in pixels; 0 picks it from <see cref="MemoryBudgetBytes"/>.</summary>
    public int TileSize { get; init; }

    /// <summary>Context added around each tile and thrown away afterwards (what makes tiles seamless).</summary>
    public int TilePad { get; init; } = 32;

    public bool Ensemble { get; init; }
    public AlphaMode Alpha { get; init; } = AlphaMode.Model;

    /// <summary>What the network's convolutions compute in; Auto is bf16 where the CPU has AVX512_BF16.</summary>
    public Precision Precision { get; init; } = Precision.Auto;

    /// <summary>
    /// Working memory (activations, tile results, output band) when the tile size is chosen automatically; 0 takes
    /// <see cref="TileSizer.DefaultBudgetBytes"/> (half the memory available when the upscaler is made).
    /// </summary>
    public long MemoryBudgetBytes { get; init; }
}
