namespace Esrgan;

/// <summary>An image file could not be read or written; the message names the file and the problem.</summary>
public sealed class ImageFileException : IOException
{
    /// <summary>An error about <paramref name="path"/>; the message is "path: problem".</summary>
    /// <param name="path">The image file.</param>
    /// <param name="problem">What is wrong, in a few words.</param>
    /// <param name="inner">The error that caused it, if any.</param>
    public ImageFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
    }

    /// <summary>The image file the error is about.</summary>
    public string FilePath { get; }
}
