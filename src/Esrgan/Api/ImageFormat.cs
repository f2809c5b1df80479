namespace Esrgan;

/// <summary>An image file format this library reads and writes.</summary>
public enum ImageFormat
{
    /// <summary>PNG: 8 or 16 bits, grey or RGB, with or without alpha; lossless.</summary>
    Png,

    /// <summary>JPEG: 8-bit grey or RGB; alpha is dropped.</summary>
    Jpeg,

    /// <summary>WebP: 8-bit RGB or RGBA, lossy or lossless.</summary>
    Webp,
}
