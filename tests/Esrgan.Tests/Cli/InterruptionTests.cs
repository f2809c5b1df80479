using System.Diagnostics;
using Esrgan.Imaging;
using Esrgan.Tests.Upscaling;
using Xunit;

namespace Esrgan.Tests.Cli;

/// <summary>The command line as a separate process: SIGINT, and what it writes to a pipe.</summary>
[Collection(CliCollection.Name)]
public sealed class InterruptionTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    /// <remarks>
    /// Through env --default-signal=INT: a test run started as a background job inherits SIGINT ignored, and .NET then
    /// leaves it ignored in the child (as shells do for background jobs), so Ctrl+C would never reach the CLI.
    /// </remarks>
    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("env") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "esrgan-cli.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    [Fact]
    public void SigintDuringAnUpscalePrintsALineAndLeavesNoTemporaryFile()
    {
        // 16,384 tiles: the interrupt must land while tiles are left, and the small model finishes 1,024 of them in
        // well under a second.
        string input = _box.Path("big.png");
        ImageCodec.Write(input, TilingTests.Pattern(1024, 1024, 3));
        string output = _box.Folder("out");
        using var process = Start("upscale", input, "-o", output, "--model", _box.SmallModel(), "--tile", "8", "--tile-pad", "2");
        var stderr = new System.Text.StringBuilder();
        var firstTile = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null) return;
            lock (stderr) stderr.AppendLine(e.Data);
            if (e.Data.StartsWith("1/", StringComparison.Ordinal) && e.Data.Contains(" tiles, ", StringComparison.Ordinal)) firstTile.Set();
        };
        process.BeginErrorReadLine();
        Assert.True(firstTile.Wait(TimeSpan.FromSeconds(60)), "the upscale never reported a tile");
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)));
        process.WaitForExit();
        Assert.Equal(130, process.ExitCode);
        lock (stderr) Assert.Contains("interrupted: " + Path.Combine(output, "big_out.png") + " was not written", stderr.ToString());
        Assert.Empty(Directory.GetFiles(output));
    }

    [Fact]
    public async Task UpscaleProgressIntoAPipeIsPlainLinesEndingWithTheTotal()
    {
        string input = _box.Path("a.png");
        ImageCodec.Write(input, TilingTests.Pattern(24, 24, 3));
        using var process = Start("upscale", input, "-o", _box.Folder("out"), "--model", _box.SmallModel(), "--tile", "8", "--tile-pad", "2");
        var errTask = process.StandardError.ReadToEndAsync();
        string outText = await process.StandardOutput.ReadToEndAsync();
        string err = await errTask;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        Assert.DoesNotContain('\r', err + outText);
        Assert.Contains("9/9 tiles, ", err);
        Assert.Contains("images 1/1 a.png", err);
    }

    [Fact]
    public void ExtractSubimagesWritesNoCarriageReturnsIntoAPipe()
    {
        string hr = _box.Folder("hr");
        ImageCodec.Write(Path.Combine(hr, "a.png"), TilingTests.Pattern(40, 40, 3));
        using var process = Start("extract-subimages", hr, _box.Path("tiles"), "--crop-size", "20", "--step", "20");
        string err = process.StandardError.ReadToEnd(), outText = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        Assert.DoesNotContain('\r', err + outText);
        Assert.Contains("4 sub-images from 1 images", outText);
    }
}
