namespace Esrgan.Imaging;

/// <summary>
/// Reads and writes PNG, JPEG and WebP. Reading recognises the format by its signature; writing picks it from
/// the options or the file extension. Writes are atomic: the target changes only once the new file is complete.
/// </summary>
internal static class ImageCodec
{
    /// <summary>The one table of image file extensions (lower case) and their formats.</summary>
    private static readonly Dictionary<string, ImageFormat> ExtensionFormats = new(StringComparer.Ordinal)
    {
        [".png"] = ImageFormat.Png,
        [".jpg"] = ImageFormat.Jpeg,
        [".jpeg"] = ImageFormat.Jpeg,
        [".jpe"] = ImageFormat.Jpeg,
        [".jfif"] = ImageFormat.Jpeg,
        [".webp"] = ImageFormat.Webp,
    };

    /// <summary>The extensions read and written as images, lower case with the dot.</summary>
    public static IReadOnlyCollection<string> Extensions => ExtensionFormats.Keys;

    /// <summary>Whether the file name ends in an image extension (any case).</summary>
    public static bool HasImageExtension(string path) => ExtensionFormats.ContainsKey(Path.GetExtension(path).ToLowerInvariant());

    public static ImageFormat FormatFromPath(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ExtensionFormats.TryGetValue(ext, out var format) ? format : throw new ImageFileException(path,
            ext.Length == 0 ? "no file extension to tell the image format (use .png, .jpg or .webp)"
                : $"unknown image extension '{ext}' (use .png, .jpg or .webp)");
    }

    /// <summary>Decodes a whole image. Pixels are turned upright by the EXIF orientation; the ICC profile and EXIF are kept.</summary>
    /// <remarks>Sizes in the headers are checked against <paramref name="limits"/> (default <see cref="LoadLimits.Current"/>) first.</remarks>
    public static Image Read(string path, LoadLimits? limits = null) => FileErrors.Guard(path, "read", () =>
    {
        limits ??= LoadLimits.Current;
        using var file = OpenRead(path);
        switch (ImageSignature.Detect(path, file))
        {
            case ImageFormat.Png:
                using (var png = new PngDecoder(path, file, limits)) return png.Decode();
            case ImageFormat.Jpeg:
                JpegDecoder.ParseMetadata(path, file, limits, file.Length);
                return JpegDecoder.Decode(path, ReadAll(path, file), limits);
            default:
                return WebpDecoder.Decode(path, ReadAll(path, file), limits);
        }
    });

    /// <summary>
    /// Opens a file for upscaling: decoded whole within the limits, or a PNG over them row by row (see
    /// <see cref="ImageInput"/>); <see cref="LoadLimits.MaxDecodedImageBytes"/> is the budget that decides.
    /// </summary>
    public static ImageInput Open(string path, LoadLimits? limits = null) =>
        FileErrors.Guard(path, "read", () => ImageInput.Open(path, limits ?? LoadLimits.Current));

    /// <summary>
    /// Size, channels and depth that <see cref="Read"/> or <see cref="Open"/> would give, from the file's headers only.
    /// A PNG over the pixel limit is described (it can be read row by row by <see cref="Open"/>), not refused.
    /// </summary>
    public static ImageInfo ReadInfo(string path, LoadLimits? limits = null) => FileErrors.Guard(path, "read", () =>
    {
        limits ??= LoadLimits.Current;
        using var file = OpenRead(path);
        switch (ImageSignature.Detect(path, file))
        {
            case ImageFormat.Png:
                using (var png = new PngDecoder(path, file, limits, rows: true))
                {
                    var (pngWidth, pngHeight) = png.OrientedSize(png.ReadExif());
                    return new ImageInfo(pngWidth, pngHeight, png.Channels, png.BitDepth, ImageFormat.Png);
                }
            case ImageFormat.Jpeg:
                var meta = JpegDecoder.ParseMetadata(path, file, limits, file.Length);
                var (width, height) = meta.OrientedSize;
                return new ImageInfo(width, height, meta.Components == 1 ? 1 : 3, 8, ImageFormat.Jpeg);
            default:
                return ReadWebpInfo(path, file, limits);
        }
    });

    public static void Write(string path, Image image, ImageSaveOptions? options = null)
    {
        using var writer = CreateRowWriter(path, image.Width, image.Height, image.Channels, image.BitDepth, options, image.IccProfile, image.Exif);
        writer.WriteRows(image.Pixels, image.Height);
        writer.Commit();
    }

    /// <summary>
    /// Opens a streaming writer for an image delivered in row bands. PNG is encoded as rows arrive, so memory stays
    /// at one row; JPEG and WebP encoders need the whole image, so those writers hold it as 8-bit samples until
    /// <see cref="IImageRowWriter.Commit"/>. <paramref name="bitDepth"/> 16 applies to PNG; JPEG and WebP write 8 bits.
    /// The ICC profile and the source's <paramref name="exif"/> (orientation reset, pixel size updated) go into every format.
    /// </summary>
    public static IImageRowWriter CreateRowWriter(string path, int width, int height, int channels, int bitDepth,
        ImageSaveOptions? options, byte[]? icc, byte[]? exif = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 to 4");
        if (bitDepth is not (8 or 16)) throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, "bit depth must be 8 or 16");
        options ??= new ImageSaveOptions();
        options.Validate();
        var format = options.Format ?? FormatFromPath(path);
        if (icc is { Length: 0 }) icc = null;
        var metadata = new OutputMetadata(icc, ExifBlock.ForOutput(exif, width, height));
        return FileErrors.Guard<IImageRowWriter>(path, "write", () => format switch
        {
            ImageFormat.Png => new PngRowWriter(path, width, height, channels, bitDepth, options.PngCompressionLevel, metadata),
            ImageFormat.Jpeg => JpegRowWriter.Create(path, width, height, channels, options.JpegQuality, metadata),
            _ => WebpRowWriter.Create(path, width, height, channels, options.WebpQuality, options.WebpLossless, metadata),
        });
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    private static byte[] ReadAll(string path, FileStream file)
    {
        if (file.Length > Array.MaxLength) throw new ImageFileException(path, "file is too large to decode");
        var bytes = new byte[file.Length];
        file.Position = 0;
        file.ReadExactly(bytes);
        return bytes;
    }

    private static ImageInfo ReadWebpInfo(string path, FileStream file, LoadLimits limits)
    {
        // The features sit in the first chunks; only unusual layouts need more than the head of the file.
        var head = new byte[Math.Min(file.Length, 1 << 16)];
        file.Position = 0;
        file.ReadExactly(head);
        if (WebpDecoder.TryReadInfo(path, head, head.Length == file.Length, limits, out var info)) return info;
        if (head.Length < file.Length && WebpDecoder.TryReadInfo(path, ReadAll(path, file), true, limits, out info)) return info;
        throw new ImageFileException(path, "truncated WebP file");
    }
}
