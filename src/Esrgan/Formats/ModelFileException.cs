namespace Esrgan.Formats;

/// <summary>
/// A model file cannot be used. The message is one line: the file, then the problem (the field or offset, and the
/// limit where one was passed). Each format family has its own subclass; nothing else escapes <see cref="ModelFile"/>.
/// </summary>
public class ModelFileException : IOException
{
    public ModelFileException(string path, string problem, Exception? inner = null) : base($"{path}: {problem}", inner)
    {
        FilePath = path;
    }

    public string FilePath { get; }

    /// <summary>
    /// Runs a loader so that whatever it throws reaches the caller as the format's error type, naming the file once.
    /// Only cancellation passes through unchanged.
    /// </summary>
    internal static T Guard<T>(string path, Func<string, string, Exception, ModelFileException> wrap, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (ModelFileException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            string problem = Problem(path, e);
            throw wrap(path, e is OutOfMemoryException ? $"out of memory while loading ({problem})" : problem, e);
        }
    }

    /// <summary>The message without the leading "path: ", so wrapping does not repeat the path.</summary>
    internal static string Problem(string path, Exception e) =>
        e.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? e.Message[(path.Length + 2)..] : e.Message;
}

/// <summary>A PyTorch checkpoint (.pth zip or legacy pickle) cannot be used.</summary>
public class CheckpointFileException(string path, string problem, Exception? inner = null) : ModelFileException(path, problem, inner);

/// <summary>A safetensors file cannot be used.</summary>
public sealed class SafetensorsFileException(string path, string problem, Exception? inner = null) : ModelFileException(path, problem, inner);

/// <summary>An ncnn .param/.bin pair cannot be used.</summary>
public sealed class NcnnFileException(string path, string problem, Exception? inner = null) : ModelFileException(path, problem, inner);
