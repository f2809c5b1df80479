using System.Text.Json.Serialization;

namespace Esrgan.Upscaling.Sharding;

/// <summary>
/// One line of a shard manifest (JSON lines). "start" lines say how many inputs the shard was given; "done" lines
/// name a finished input (its relative path, size and modification time when it was read), its output relative to
/// the output folder and the seconds it took; "failed" lines carry the error.
/// </summary>
public sealed record ManifestEntry(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("path")] string? Path = null,
    [property: JsonPropertyName("size")] long Size = 0,
    [property: JsonPropertyName("mtime")] DateTime? ModifiedUtc = null,
    [property: JsonPropertyName("output")] string? Output = null,
    [property: JsonPropertyName("seconds")] double Seconds = 0,
    [property: JsonPropertyName("error")] string? Error = null,
    [property: JsonPropertyName("assigned")] int Assigned = 0)
{
    public const string Started = "start", Done = "done", Failed = "failed";
}
