using System.Diagnostics;
using Esrgan.Imaging;
using Esrgan.IO;
using Xunit;

namespace Esrgan.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esrgan-atomic-").FullName;

    public void Dispose()
    {
        if (IsMounted(_dir)) Run("umount", _dir);
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A stream that accepts writes and fails when they would reach the disk, as a full disk does.</summary>
    private sealed class FullDiskStream(string path) : FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16)
    {
        public override void Flush(bool flushToDisk) => throw new IOException("No space left on device");
        public override void Flush() => throw new IOException("No space left on device");
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing) throw new IOException("No space left on device");
        }
    }

    [Fact]
    public void AFailingCloseLeavesNoTemporaryFile()
    {
        string target = Path.Combine(_dir, "out.bin");
        var e = Assert.Throws<IOException>(() =>
        {
            using var file = AtomicFile.Create(target, p => new FullDiskStream(p));
            file.Stream.Write(new byte[1000]);
            file.Commit();
        });
        Assert.Contains("No space left", e.Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void AFailureBeforeCommitLeavesNoTemporaryFile()
    {
        string target = Path.Combine(_dir, "out.bin");
        Assert.Throws<IOException>((Action)(() =>
        {
            using var file = AtomicFile.Create(target, p => new FullDiskStream(p));
            file.Stream.Write(new byte[1 << 20]);
            throw new IOException("the writer gave up");
        }));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    /// <summary>A real full disk: a 64 KiB tmpfs (needs root, as CI has; elsewhere the simulated test above stands in).</summary>
    [Fact]
    public void APngThatDoesNotFitOnTheDiskLeavesNothingBehind()
    {
        if (Environment.UserName != "root" || !Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", _dir)) return;
        var rng = new Random(5);
        var noise = new float[256 * 256 * 3];
        for (int i = 0; i < noise.Length; i++) noise[i] = rng.Next(256) / 255f;
        string target = Path.Combine(_dir, "noise.png");
        var e = Assert.Throws<ImageFileException>(() => ImageCodec.Write(target, new Image(256, 256, 3, 8, noise)));
        Assert.StartsWith(target, e.Message);
        Assert.Empty(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void TemporaryFilesOfDeadProcessesAreRemovedByTheNextWrite()
    {
        using var finished = Process.Start(new ProcessStartInfo("true"))!;
        finished.WaitForExit();
        string stale = Path.Combine(_dir, $".a_out.png.{finished.Id}.{Guid.NewGuid():N}.tmp");
        string ours = Path.Combine(_dir, $".b_out.png.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        string foreign = Path.Combine(_dir, ".someone-else.tmp");
        foreach (var f in new[] { stale, ours, foreign }) File.WriteAllText(f, "half");

        AtomicFile.WriteAllText(Path.Combine(_dir, "c.txt"), "done");

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(ours));
        Assert.True(File.Exists(foreign));
        Assert.Equal("done", File.ReadAllText(Path.Combine(_dir, "c.txt")));
    }

    private static bool IsMounted(string dir) => File.ReadAllText("/proc/mounts").Contains($" {dir} ", StringComparison.Ordinal);

    private static bool Run(string program, params string[] args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
