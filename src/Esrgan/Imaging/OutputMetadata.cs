namespace Esrgan.Imaging;

/// <summary>What a row writer embeds besides pixels: the ICC profile and the EXIF block already patched for the output.</summary>
internal sealed record OutputMetadata(byte[]? IccProfile, byte[]? Exif);
