using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Esrgan.Cli.Options;

/// <summary>
/// Finds words that look like options but belong to no option of the command. The parser would otherwise take them
/// as file names ("--outsale: no such file"); here each one is named with the nearest known option.
/// </summary>
internal static class UnknownOptions
{
    public static IEnumerable<string> Find(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var words = parse.UnmatchedTokens
            .Concat(command.Arguments.SelectMany(a => parse.GetResult(a)?.Tokens.Select(t => t.Value) ?? []))
            .Where(LooksLikeOption)
            .Distinct();
        foreach (string word in words)
        {
            string? nearest = Nearest(word, KnownNames(command));
            yield return nearest == null ? $"unknown option {word} for '{command.Name}' (see --help)"
                : $"unknown option {word} for '{command.Name}'; did you mean {nearest}?";
        }
    }

    private static bool LooksLikeOption(string word) =>
        word.Length > 1 && word[0] == '-' && !double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static IEnumerable<string> KnownNames(Command command) =>
        command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive)))
            .SelectMany(o => o.Aliases.Prepend(o.Name))
            .Concat(command.Subcommands.Select(c => c.Name));

    private static string? Nearest(string word, IEnumerable<string> known)
    {
        string bare = word.TrimStart('-');
        var best = known.Select(k => (Name: k, Distance: Distance(bare, k.TrimStart('-'))))
            .OrderBy(k => k.Distance).ThenBy(k => k.Name, StringComparer.Ordinal).FirstOrDefault();
        return best.Name != null && best.Distance < bare.Length && best.Distance <= Math.Max(1, bare.Length / 3) ? best.Name : null;
    }

    /// <summary>Levenshtein distance.</summary>
    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
