using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Esrgan.Video;

/// <summary>
/// One run of ffmpeg or ffprobe with its arguments passed as a list (no shell), standard error kept (its tail) for
/// messages, and the process killed when disposed before it ended.
/// </summary>
internal sealed class FfmpegProcess : IDisposable
{
    private const int StderrTail = 4000;
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;
    private readonly Task? _stdoutDrain;

    private FfmpegProcess(string tool, IEnumerable<string> args, bool writeInput, bool readOutput)
    {
        // Every stream is redirected: the library never lets a child write to the console or read the terminal.
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        try
        {
            _process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new IOException($"{tool} could not be started ({e.Message}): install the Debian package ffmpeg (tools/setup.sh does)", e);
        }
        _stderrPump = Task.Run(PumpStderr);
        if (!writeInput) _process.StandardInput.Close();
        if (!readOutput) _stdoutDrain = _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
    }

    public Stream Input => _process.StandardInput.BaseStream;
    public Stream Output => _process.StandardOutput.BaseStream;

    public static FfmpegProcess Start(string tool, IEnumerable<string> args, bool writeInput = false, bool readOutput = false) =>
        new(tool, args, writeInput, readOutput);

    /// <summary>Runs to the end and returns standard output (at most <paramref name="maxBytes"/>).</summary>
    public static string Capture(string tool, IEnumerable<string> args, string path, int maxBytes = 4 << 20)
    {
        using var run = Start(tool, args, readOutput: true);
        var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = run.Output.Read(chunk)) > 0)
        {
            if (buffer.Length + n > maxBytes) throw new VideoFileException(path, $"{tool} printed more than {maxBytes} bytes");
            buffer.Write(chunk, 0, n);
        }
        run.WaitForSuccess(path, tool);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Waits for the end; a non-zero exit becomes an error naming the file and what ffmpeg said.</summary>
    public void WaitForSuccess(string path, string what)
    {
        _process.WaitForExit();
        _stderrPump.Wait();
        _stdoutDrain?.Wait();
        if (_process.ExitCode != 0)
            throw new VideoFileException(path, $"{what} failed (exit code {_process.ExitCode}): {LastError()}");
    }

    private string LastError()
    {
        lock (_stderr)
        {
            var lines = _stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length == 0 ? "no message" : string.Join(" / ", lines.TakeLast(3));
        }
    }

    private void PumpStderr()
    {
        var buffer = new char[4096];
        int n;
        while ((n = _process.StandardError.Read(buffer, 0, buffer.Length)) > 0)
            lock (_stderr)
            {
                _stderr.Append(buffer, 0, n);
                if (_stderr.Length > 2 * StderrTail) _stderr.Remove(0, _stderr.Length - StderrTail);
            }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
