using Esrgan.Models.Architectures;
using System.Text.Json;
using Esrgan.Formats.Architectures;

namespace Esrgan.Formats;

/// <summary>The architecture record in this project's safetensors: format "esrgan-cs", architecture, options as JSON.</summary>
internal static class SpecMetadata
{
    public const string FormatKey = "format", FormatValue = "esrgan-cs", ArchitectureKey = "architecture", OptionsKey = "options";

    public static void Write(Dictionary<string, string> metadata, ModelSpec spec)
    {
        metadata[FormatKey] = FormatValue;
        metadata[ArchitectureKey] = spec.Type;
        metadata[OptionsKey] = JsonSerializer.Serialize(spec.Options.ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    /// <summary>The recorded spec, or null for safetensors written by other tools (their architecture is detected instead).</summary>
    public static ModelSpec? Read(Dictionary<string, string> metadata, string file)
    {
        if (!metadata.TryGetValue(FormatKey, out var format) || format != FormatValue) return null;
        if (!metadata.TryGetValue(ArchitectureKey, out var type) || !ArchitectureRegistry.Types.Contains(type))
            throw new InvalidDataException($"{file}: esrgan-cs metadata names no known architecture ('{type}')");
        try
        {
            var options = JsonSerializer.Deserialize<Dictionary<string, int>>(metadata.GetValueOrDefault(OptionsKey, ""))
                ?? throw new InvalidDataException($"{file}: esrgan-cs metadata has no options");
            return new ModelSpec(type, options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: esrgan-cs metadata options are not a JSON object of integers: {e.Message}", e);
        }
    }
}
