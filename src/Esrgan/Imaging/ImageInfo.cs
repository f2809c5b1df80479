namespace Esrgan.Imaging;

/// <summary>Header facts of an image file: the size and channels that <see cref="ImageCodec.Read"/> will return.</summary>
internal sealed record ImageInfo(int Width, int Height, int Channels, int BitDepth, ImageFormat Format);
