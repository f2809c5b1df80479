namespace Esrgan;

/// <summary>
/// What an untrusted file may make the loaders allocate. Every size a file claims is checked against these before
/// anything is allocated or decoded, so a few hundred hostile bytes cannot exhaust memory, the stack or the CPU.
/// These defaults are the one place the limits are set; pass another instance to a loader, or replace
/// <see cref="Current"/>, to change them.
/// </summary>
internal sealed record LoadLimits
{
    /// <summary>The limits loaders use when none are passed to them.</summary>
    public static LoadLimits Current { get; set; } = new();

    /// <summary>
    /// Pixels of one image decoded whole (2^28: 16384 x 16384; as fp32 RGB that is 3 GiB). When upscaling a file, a
    /// non-interlaced PNG over this (or over <see cref="MaxDecodedImageBytes"/>) is read row by row instead.
    /// </summary>
    public long MaxImagePixels { get; init; } = 1L << 28;

    /// <summary>
    /// Bytes that decoding one image whole may cost: the file's bytes where the decoder needs them all, the decoder's
    /// buffers (samples, libwebp's lossless ARGB plane, a progressive JPEG's coefficients), the float pixels, and a
    /// second float copy when the EXIF orientation turns the image. 0 (the default): the upscaler's default memory
    /// budget, half of the memory available (at least 512 MiB). The upscaler sets it to its own budget. When
    /// upscaling a file, a non-interlaced PNG over this is read row by row; a JPEG or WebP over it is refused before
    /// decoding.
    /// </summary>
    public long MaxDecodedImageBytes { get; init; }

    /// <summary>Elements of one tensor of a model file.</summary>
    public long MaxTensorElements { get; init; } = 1L << 28;

    /// <summary>Elements of all tensors (and of all storages) of one model file together.</summary>
    public long MaxCheckpointElements { get; init; } = 1L << 28;

    /// <summary>Bytes one entry of a zip checkpoint may inflate to.</summary>
    public long MaxZipEntryBytes { get; init; } = 1L << 30;

    /// <summary>Entries of a pickle's memo.</summary>
    public int MaxPickleMemo { get; init; } = 1 << 20;

    /// <summary>Items in all lists, tuples and dicts a pickle builds, counting a shared container once.</summary>
    public long MaxPickleItems { get; init; } = 1L << 24;

    /// <summary>Nesting of an options file's mappings and lists.</summary>
    public int MaxYamlDepth { get; init; } = 64;

    /// <summary>Bytes of a text file (an options file, an ncnn .param).</summary>
    public long MaxTextFileBytes { get; init; } = 16L << 20;

    /// <summary><see cref="MaxDecodedImageBytes"/>, with 0 resolved to the default budget now.</summary>
    public long DecodedImageBytesLimit() => MaxDecodedImageBytes > 0 ? MaxDecodedImageBytes : Upscaling.TileSizer.DefaultBudgetBytes();

    /// <summary>Layers of an ncnn .param file.</summary>
    public int MaxNcnnLayers { get; init; } = 1 << 16;

    /// <summary>Blobs of an ncnn .param file.</summary>
    public int MaxNcnnBlobs { get; init; } = 1 << 16;
}
