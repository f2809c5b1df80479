namespace Esrgan.Upscaling;

/// <summary>A model known by name: what it is and under which licence its weights are published.</summary>
public sealed record RegisteredModel(string Name, string Architecture, int Scale, string Licence, string Description);

/// <summary>The models that every command accepts by name (fetched by <see cref="ModelStore"/> on first use).</summary>
public static class RegisteredModels
{
    public static IReadOnlyList<RegisteredModel> All { get; } =
    [
        new("realesrgan-x4plus", "RRDBNet (23 blocks, 64 features)", 4, "BSD-3-Clause", "Real-ESRGAN x4plus, general photos"),
        new("realesrgan-x4fast", "SRVGGNetCompact (PReLU, pixel shuffle)", 4, "BSD-3-Clause", "Real-ESRGAN compact model, much faster"),
    ];
}
