namespace Esrgan.Video;

/// <summary>A video could not be read, upscaled or written; the message names the file and the problem.</summary>
public sealed class VideoFileException(string path, string problem, Exception? inner = null)
    : IOException($"{path}: {problem}", inner)
{
    public string FilePath { get; } = path;
}
