namespace Esrgan.Cli.Upscale;

/// <summary>One error line for a file: the path once, whether or not the exception's message already names it.</summary>
internal static class FileErrorLine
{
    public static string For(string path, Exception e) =>
        e.Message.StartsWith(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}";
}
