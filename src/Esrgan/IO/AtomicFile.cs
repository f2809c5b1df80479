namespace Esrgan.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one, never a half-written file:
/// data goes to a temporary file in the same folder, which replaces the target only once it is complete.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    private readonly FileStream _stream;
    private bool _committed;

    private AtomicFile(string path)
    {
        TargetPath = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(TargetPath)!;
        Directory.CreateDirectory(dir);
        TempPath = Path.Combine(dir, $".{Path.GetFileName(TargetPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        _stream = new FileStream(TempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
    }

    public string TargetPath { get; }
    public string TempPath { get; }
    public Stream Stream => _stream;

    public static AtomicFile Create(string path) => new(path);

    /// <summary>Writes the whole content through <paramref name="write"/> and commits it.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        using var file = Create(path);
        write(file.Stream);
        file.Commit();
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        using var file = Create(path);
        file.Stream.Write(bytes);
        file.Commit();
    }

    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Flushes to disk and moves the temporary file over the target.</summary>
    public void Commit()
    {
        if (_committed) throw new InvalidOperationException($"{TargetPath}: already committed");
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(TempPath, TargetPath, overwrite: true);
        _committed = true;
    }

    /// <summary>Without a commit the temporary file is removed and the target stays as it was.</summary>
    public void Dispose()
    {
        if (_committed) return;
        _stream.Dispose();
        try { File.Delete(TempPath); } catch (IOException) { }
    }
}
