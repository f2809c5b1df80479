using System.Globalization;
using Esrgan.IO;
using Esrgan.Training.Options;

namespace Esrgan.Training.Checkpoints;

/// <summary>
/// What started a run, kept in its experiment folder: the effective options (the file with every --set applied)
/// under the options file's name, and commands.txt with one line per start or resume.
/// </summary>
internal static class RunRecord
{
    public const string CommandsFile = "commands.txt";

    public static void Write(ExperimentFolder folder, TrainingOptions options)
    {
        Directory.CreateDirectory(folder.Root);
        string header = $"# Effective options: {options.SourceFile}"
            + (options.Overrides.Count == 0 ? "" : " with " + string.Join(" ", options.Overrides.Select(o => "--set " + Quote(o)))) + Environment.NewLine;
        AtomicFile.WriteAllText(Path.Combine(folder.Root, Path.GetFileName(options.SourceFile)),
            header + (options.EffectiveYaml ?? File.ReadAllText(options.SourceFile)));
        string command = options.CommandLine is { } words ? string.Join(" ", words.Select(Quote)) : StartCommand(options);
        File.AppendAllText(Path.Combine(folder.Root, CommandsFile),
            $"{DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} {command}{Environment.NewLine}");
    }

    /// <summary>The command that continues this run: the same file and overrides, plus --resume.</summary>
    public static string ResumeCommand(TrainingOptions options) => StartCommand(options) + " --resume";

    private static string StartCommand(TrainingOptions options) =>
        "esrgan train " + Quote(options.SourceFile) + string.Concat(options.Overrides.Select(o => " --set " + Quote(o)));

    /// <summary>Quotes a word for a POSIX shell when it holds anything but plain path and option characters.</summary>
    internal static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_./=:,+-@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}
