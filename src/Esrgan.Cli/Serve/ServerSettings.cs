namespace Esrgan.Cli.Serve;

/// <summary>Where the server listens, its token, and the limits it puts on what clients send.</summary>
internal sealed record ServerSettings
{
    public const string DefaultUrl = "http://127.0.0.1:8600";

    public string[] Urls { get; init; } = [DefaultUrl];

    /// <summary>Required on every request when set (Authorization: Bearer, ?token= or the cookie the page gets).</summary>
    public string? Token { get; init; }

    /// <summary>Largest request body (Kestrel answers 413 beyond it).</summary>
    public long MaxUploadBytes { get; init; } = 1L << 30;

    /// <summary>Largest image, in pixels, read from its header before anything is decoded.</summary>
    public long MaxPixels { get; init; } = 4096L * 4096;

    /// <summary>Largest crop for the live interpolation preview.</summary>
    public int MaxPreviewSide { get; init; } = 256;

    /// <summary>Finished jobs (uploads and results) and uploaded models are deleted this long after they were last used.</summary>
    public TimeSpan Keep { get; init; } = TimeSpan.FromHours(1);

    public string WorkFolder { get; init; } = Path.Combine(Path.GetTempPath(), "esrgan-serve");

    public long MemoryBudgetBytes { get; init; } = 640L * 1024 * 1024;

    public static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri)) return false;
        return uri.IsLoopback;
    }
}
