using System.Diagnostics;
using System.Text.RegularExpressions;
using Esrgan.Cli.Commands;
using Esrgan.Cli.Progress;
using Esrgan.Imaging;
using Esrgan.Tests.Upscaling;
using Spectre.Console;
using Xunit;

namespace Esrgan.Tests.Cli;

/// <summary>
/// Warnings and per-file errors of an upscale batch go through the one progress view: whole lines in order in a
/// pipe, and lines above the live bar on a terminal, which neither cuts them nor is cut by them.
/// </summary>
[Collection(CliCollection.Name)]
public sealed partial class UpscaleMessagesTests : IDisposable
{
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    /// <summary>a.png and c.png upscale, broken.png fails, d.bmp is skipped, e.png has alpha and goes to PNG, not JPEG.</summary>
    private string Batch()
    {
        string dir = _box.Folder("in");
        ImageCodec.Write(Path.Combine(dir, "a.png"), TilingTests.Pattern(24, 24, 3));
        File.WriteAllBytes(Path.Combine(dir, "broken.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);
        ImageCodec.Write(Path.Combine(dir, "c.png"), TilingTests.Pattern(24, 16, 3, seed: 2));
        File.WriteAllBytes(Path.Combine(dir, "d.bmp"), [(byte)'B', (byte)'M', 0, 0]);
        ImageCodec.Write(Path.Combine(dir, "e.png"), TilingTests.Pattern(16, 16, 4, seed: 3));
        return dir;
    }

    private string[] Arguments(string input) =>
        ["upscale", input, "-o", _box.Path("out"), "--format", "jpg", "--model", _box.SmallModel(), "--tile", "8", "--tile-pad", "2"];

    [GeneratedRegex(@"^(\d+)/(\d+) tiles, \d+\.\d\d tiles/s images (\d)/4 (a|broken|c|e)\.png ETA (\d\d:\d\d:\d\d|--:--:--)$")]
    private static partial Regex ProgressLine();

    [Fact]
    public async Task InAPipeWarningsErrorsAndProgressAreWholeLinesInOrder()
    {
        string input = Batch();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "esrgan-cli.dll"));
        foreach (string a in Arguments(input)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var errTask = process.StandardError.ReadToEndAsync();
        string outText = await process.StandardOutput.ReadToEndAsync();
        string err = await errTask;
        await process.WaitForExitAsync();

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("3 written, 0 skipped, 1 failed\n", outText);
        Assert.DoesNotContain('\r', err);
        Assert.DoesNotContain('\u001b', err);
        Assert.EndsWith("\n", err);
        var lines = err[..^1].Split('\n');
        Assert.Equal($"warning: {Path.Combine(input, "d.bmp")}: skipped, .bmp images are not supported (convert to PNG, JPEG or WebP)", lines[0]);
        Assert.Equal($"warning: {Path.Combine(input, "e.png")} has alpha, which JPEG cannot hold: writing {_box.Path("out", "e_out.png")} "
            + "(use --background COLOR to flatten it into a JPEG)", lines[1]);
        var first = ProgressLine().Match(lines[2]);
        Assert.True(first.Success, lines[2]);
        Assert.Equal(("1", "0", "a"), (first.Groups[1].Value, first.Groups[3].Value, first.Groups[4].Value));
        int error = Array.FindIndex(lines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.StartsWith($"error: {Path.Combine(input, "broken.png")}: ", lines[error]);
        Assert.Single(lines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        // Between and after, progress lines only (one every 10 s on a slow machine), the last one the batch's end.
        Assert.All(lines[3..].Where((_, i) => i + 3 != error), l => Assert.Matches(ProgressLine(), l));
        var last = ProgressLine().Match(lines[^1]);
        Assert.Equal((last.Groups[2].Value, "4", "e", "--:--:--"), (last.Groups[1].Value, last.Groups[3].Value, last.Groups[4].Value, last.Groups[5].Value));
        Assert.True(error < lines.Length - 1);
    }

    [Fact]
    public void OnATerminalWarningsAndErrorsArePrintedAboveTheBar()
    {
        string input = Batch();
        var screen = new StringWriter();
        var stderr = TextWriter.Synchronized(screen);
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        terminal.Profile.Width = 250;
        // The terminal is the process's stderr, as in a real run: whatever bypasses the view lands in it too.
        var saved = Console.Error;
        Console.SetError(stderr);
        int code;
        try
        {
            code = UpscaleCommand.Create(() => new ProgressView(stderr, terminal)).Parse(Arguments(input)).Invoke();
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.Equal(1, code);

        var lines = Screen(screen.ToString()).Where(l => l.Length > 0).ToList();
        Assert.True(lines.Count == 4, "the screen should show 2 warnings, 1 error and the bar:\n" + string.Join("\n", lines));
        Assert.Equal($"warning: {Path.Combine(input, "d.bmp")}: skipped, .bmp images are not supported (convert to PNG, JPEG or WebP)", lines[0]);
        Assert.Equal($"warning: {Path.Combine(input, "e.png")} has alpha, which JPEG cannot hold: writing {_box.Path("out", "e_out.png")} "
            + "(use --background COLOR to flatten it into a JPEG)", lines[1]);
        Assert.StartsWith($"error: {Path.Combine(input, "broken.png")}: ", lines[2]);
        Assert.DoesNotContain("tiles", lines[2]);
        var bar = BarLine().Match(lines[3]);
        Assert.True(bar.Success, lines[3]);
        Assert.Equal(bar.Groups[1].Value, bar.Groups[2].Value);
    }

    [GeneratedRegex(@"^(\d+)/(\d+) tiles, \d+\.\d\d tiles/s images 4/4 e\.png ━+ 100% 00:00:00\s*\S?$")]
    private static partial Regex BarLine();

    [GeneratedRegex(@"\u001b\[([?0-9;]*)([A-Za-z])")]
    private static partial Regex Escape();

    /// <summary>The screen a terminal shows after <paramref name="output"/>: text, \r, \n and the cursor and erase sequences Spectre.Console writes.</summary>
    private static List<string> Screen(string output)
    {
        var rows = new List<char[]> { new char[300] };
        int row = 0, col = 0;
        for (int i = 0; i < output.Length; i++)
        {
            char c = output[i];
            if (c == '\u001b' && Escape().Match(output, i) is { Success: true, Index: var at } escape && at == i)
            {
                int n = int.TryParse(escape.Groups[1].Value, out int v) ? v : 0;
                switch (escape.Groups[2].Value)
                {
                    case "A": row = Math.Max(0, row - Math.Max(1, n)); break;
                    case "B": row += Math.Max(1, n); break;
                    case "K": Array.Fill(rows[row], '\0', n == 2 ? 0 : col, n == 2 ? rows[row].Length : rows[row].Length - col); break;
                    case "h" or "l" or "m": break;
                    default: throw new InvalidDataException($"escape sequence {escape.Value[1..]} is not emulated");
                }
                i += escape.Length - 1;
            }
            else if (c == '\r') col = 0;
            else if (c == '\n') (row, col) = (row + 1, 0);
            else rows[row][col++] = c;
            while (rows.Count <= row) rows.Add(new char[300]);
        }
        return rows.Select(r => new string(r).Replace('\0', ' ').TrimEnd()).ToList();
    }
}
