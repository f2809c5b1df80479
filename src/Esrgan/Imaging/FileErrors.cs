namespace Esrgan.Imaging;

/// <summary>Turns the file system's exceptions into <see cref="ImageFileException"/>s that name the file.</summary>
internal static class FileErrors
{
    public static T Guard<T>(string path, string action, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (ImageFileException)
        {
            throw;
        }
        catch (FileNotFoundException e)
        {
            throw new ImageFileException(path, "file not found", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new ImageFileException(path, "folder not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFileException(path, $"cannot {action}: {e.Message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else a codec throws is still this file's problem, and must not end a batch.
            string message = e.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? e.Message[(path.Length + 2)..] : e.Message;
            throw new ImageFileException(path, $"cannot {action}: {message}", e);
        }
    }

    public static void Guard(string path, string action, Action body) =>
        Guard(path, action, () => { body(); return 0; });
}
