namespace Esrgan.Imaging;

/// <summary>An image file could not be read or written; the message names the file and the problem.</summary>
public sealed class ImageFileException : IOException
{
    public ImageFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
    }

    public string FilePath { get; }
}
