using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Esrgan.Tests.Fuzz;

/// <summary>
/// The bounded, seeded run of tests/Esrgan.Fuzz: 2,000 mutated files per format, in a child process whose managed
/// heap is capped at 1 GiB (and whose resident memory the harness checks after every case). Any exception outside
/// the format's error type, a case over 10 s, or passing the cap fails it. The README has the longer run.
/// </summary>
public sealed class FuzzHarnessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _findings = Directory.CreateTempSubdirectory("esrgan-fuzz-findings-").FullName;

    public void Dispose() => Directory.Delete(_findings, recursive: true);

    [Fact]
    public async Task MutatedFilesOfEveryFormatGetOnlyThatFormatsError()
    {
        var start = new ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "esrgan-fuzz.dll"), "--seeds", TestPaths.Fixtures("Fuzz"), "--cases", "2000", "--seed", "1",
             "--cap-mb", "1024", "--timeout-s", "10", "--failures", _findings])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x40000000";
        using var fuzz = Process.Start(start)!;
        var stderr = fuzz.StandardError.ReadToEndAsync();
        string table = await fuzz.StandardOutput.ReadToEndAsync();
        string errors = await stderr;
        await fuzz.WaitForExitAsync();
        output.WriteLine(table);
        output.WriteLine(errors);
        Assert.True(fuzz.ExitCode == 0, $"the fuzz run failed (exit {fuzz.ExitCode}):\n{errors}\n{table}");
        foreach (var format in new[] { "pth-zip", "pth-legacy", "safetensors", "ncnn", "png", "jpeg", "webp", "yaml" })
            Assert.Contains($"| {format} |", table);
        Assert.Empty(Directory.GetFiles(_findings));
    }
}
