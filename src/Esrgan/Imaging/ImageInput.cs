namespace Esrgan.Imaging;

/// <summary>
/// An image file opened for upscaling. It is decoded whole when it is within <see cref="LoadLimits.MaxImagePixels"/>
/// and <see cref="LoadLimits.MaxDecodedImageBytes"/>; a non-interlaced PNG over either, with no EXIF turn, is read
/// row by row instead (<see cref="StreamedRows"/>); anything else over them is refused with the limit it passes.
/// </summary>
internal sealed class ImageInput : IDisposable
{
    private readonly FileStream? _file;
    private readonly PngDecoder? _png;

    private ImageInput(string path, Image image)
    {
        (Path, Whole, Rows) = (path, image, image);
        (BitDepth, IccProfile, Exif) = (image.BitDepth, image.IccProfile, image.Exif);
    }

    private ImageInput(string path, FileStream file, PngDecoder png, byte[]? icc, byte[]? exif)
    {
        (Path, _file, _png) = (path, file, png);
        (BitDepth, IccProfile, Exif) = (png.BitDepth, icc, exif);
        png.StartRows();
        Rows = new StreamedRows(png.Width, png.Height, png.Channels, png.ReadRow);
    }

    public string Path { get; }

    /// <summary>The decoded image, or null when it is read row by row.</summary>
    public Image? Whole { get; }

    public IImageRows Rows { get; }
    public bool Streamed => Whole == null;
    public int Width => Rows.Width;
    public int Height => Rows.Height;
    public int Channels => Rows.Channels;
    public int BitDepth { get; }
    public bool HasAlpha => Channels is 2 or 4;
    public byte[]? IccProfile { get; }
    public byte[]? Exif { get; }

    /// <summary>Opens <paramref name="path"/> whole or row by row, by the rule above; use through <see cref="ImageCodec.Open"/>.</summary>
    internal static ImageInput Open(string path, LoadLimits limits)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        PngDecoder? png = null;
        try
        {
            if (ImageSignature.Detect(path, file) != ImageFormat.Png)
            {
                file.Dispose();
                return new ImageInput(path, ImageCodec.Read(path, limits));
            }
            png = new PngDecoder(path, file, limits, rows: true);
            byte[]? exif = png.ReadExif();
            if (png.FitsWhole(exif))
            {
                using (file) using (png) return new ImageInput(path, png.Decode());
            }
            if (png.Interlaced) RefuseRowByRow(path, png.CheckWhole, exif, "an interlaced PNG cannot be read row by row");
            int orientation = exif == null ? 1 : ExifBlock.Orientation(exif);
            if (orientation != 1)
                RefuseRowByRow(path, png.CheckWhole, exif, $"its EXIF orientation {orientation} cannot be applied row by row");
            return new ImageInput(path, file, png, png.ReadIccProfile(), exif);
        }
        catch
        {
            png?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>Throws the whole-decode check's error, saying why the row-by-row path cannot take the image either.</summary>
    private static void RefuseRowByRow(string path, Action<byte[]?> checkWhole, byte[]? exif, string why)
    {
        try
        {
            checkWhole(exif);
        }
        catch (ImageFileException e)
        {
            throw new ImageFileException(path, $"{e.Message[(path.Length + 2)..]}; {why}", e);
        }
        throw new InvalidOperationException("the image fits whole");
    }

    /// <summary>
    /// Throws unless the rows can make this output: an image read row by row is written only as PNG (the JPEG and
    /// WebP encoders need the whole image) and not resized to another scale (that needs the whole result).
    /// </summary>
    public void CheckOutput(ImageFormat format, bool resized)
    {
        if (!Streamed) return;
        string size = $"{Width:N0} x {Height:N0} is too large to decode whole, so it is upscaled row by row, which";
        if (resized) throw new ImageFileException(Path, $"{size} cannot be resized to another output scale (that needs the whole result in memory)");
        if (format != ImageFormat.Png)
            throw new ImageFileException(Path, $"{size} can write only PNG (the {(format == ImageFormat.Jpeg ? "JPEG" : "WebP")} encoder needs the whole image in memory)");
    }

    public void Dispose()
    {
        _png?.Dispose();
        _file?.Dispose();
    }
}
