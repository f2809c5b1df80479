namespace Esrgan.Evaluation;

/// <summary>Turns the name given on the command line ("bicubic" or a model file) into an <see cref="ISuperResolver"/>.</summary>
internal static class SuperResolverCatalog
{
    public const string Bicubic = "bicubic";

    /// <summary>Opens a model file as a super-resolver; installed by the layer that runs networks.</summary>
    public static Func<string, ISuperResolver>? ModelResolver { get; set; }

    /// <summary>A model as a super-resolver with the default upscaling options.</summary>
    public static ISuperResolver ForModel(SuperResolutionModel model) => new Upscaling.TileUpscaler(model.Network);

    public static ISuperResolver Resolve(string model, int scale)
    {
        if (string.Equals(model, Bicubic, StringComparison.OrdinalIgnoreCase)) return new BicubicUpscaler(scale);
        var resolver = ModelResolver
            ?? throw new ArgumentException($"{model}: running model files is not available in this build; use '{Bicubic}' for the bicubic baseline");
        var result = resolver(model);
        if (result.Scale != scale) throw new ArgumentException($"{model}: the model upscales x{result.Scale}, but the scale asked for is {scale}");
        return result;
    }
}
