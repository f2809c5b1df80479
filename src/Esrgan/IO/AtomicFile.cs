using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Esrgan.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one, never a half-written file:
/// data goes to a temporary file in the same folder, which replaces the target only once it is complete.
/// The temporary file is deleted on every failure path, a failing flush or close (a full disk) included, and the
/// first write into a folder removes what a killed process of ours left there.
/// </summary>
public sealed partial class AtomicFile : IDisposable
{
    private static readonly ConcurrentDictionary<string, bool> Swept = new(StringComparer.Ordinal);
    private readonly Stream _stream;
    private bool _committed, _closed;

    private AtomicFile(string path, Func<string, Stream> open)
    {
        TargetPath = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(TargetPath)!;
        Directory.CreateDirectory(dir);
        if (Swept.TryAdd(dir, true)) RemoveStale(dir);
        TempPath = Path.Combine(dir, $".{Path.GetFileName(TargetPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        _stream = open(TempPath);
    }

    public string TargetPath { get; }
    public string TempPath { get; }
    public Stream Stream => _stream;

    public static AtomicFile Create(string path) => new(path, Open);

    /// <summary>For tests: the temporary file is written through the stream <paramref name="open"/> returns.</summary>
    internal static AtomicFile Create(string path, Func<string, Stream> open) => new(path, open);

    private static FileStream Open(string tempPath) => new(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);

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

    /// <summary>Flushes to disk and moves the temporary file over the target; on failure the temporary file is gone.</summary>
    public void Commit()
    {
        if (_committed) throw new InvalidOperationException($"{TargetPath}: already committed");
        try
        {
            if (_stream is FileStream file) file.Flush(flushToDisk: true);
            else _stream.Flush();
            _closed = true;
            _stream.Dispose();
            File.Move(TempPath, TargetPath, overwrite: true);
            _committed = true;
        }
        catch
        {
            Discard();
            throw;
        }
    }

    /// <summary>Without a commit the temporary file is removed and the target stays as it was.</summary>
    public void Dispose()
    {
        if (!_committed) Discard();
    }

    private void Discard()
    {
        try
        {
            // Closing flushes what is buffered, which fails again on a full disk; the file goes regardless.
            if (!_closed) _stream.Dispose();
        }
        catch (IOException) { }
        finally
        {
            _closed = true;
            try { File.Delete(TempPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Deletes temporary files of ours whose process is no longer running (killed mid-write).</summary>
    internal static void RemoveStale(string dir)
    {
        IEnumerable<string> candidates;
        try { candidates = Directory.EnumerateFiles(dir, ".*.tmp").ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        foreach (string file in candidates)
        {
            var match = TempName().Match(Path.GetFileName(file));
            if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, out int pid) || IsRunning(pid)) continue;
            try { File.Delete(file); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\..+\.(\d{1,10})\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TempName();
}
