using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Esrgan.Cli.Options;

/// <summary>
/// Options whose values are checked while the command line is parsed, before any work starts. A bad value is a
/// parse error that names the option, the value and what is allowed.
/// </summary>
internal static class OptionRules
{
    /// <summary>An integer option limited to [min, max].</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max, params string[] aliases) =>
        new(name, aliases)
        {
            Description = $"{description} ({Allowed(min, max)}; default {defaultValue})",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => Parse<int>(r, name, Allowed(min, max), s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max ? v : null) ?? defaultValue,
        };

    /// <summary>An optional finite number in (exclusiveMin, max].</summary>
    public static Option<double?> Number(string name, string description, double exclusiveMin, double max, params string[] aliases)
    {
        string allowed = $"a number greater than {exclusiveMin.ToString(CultureInfo.InvariantCulture)} and at most {max.ToString(CultureInfo.InvariantCulture)}";
        return new(name, aliases)
        {
            Description = $"{description} ({allowed})",
            CustomParser = r => Parse<double>(r, name, allowed,
                s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && v > exclusiveMin && v <= max ? v : null),
        };
    }

    /// <summary>An optional number in [min, max].</summary>
    public static Option<double?> Between(string name, string description, double min, double max, params string[] aliases)
    {
        string allowed = $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        return new(name, aliases)
        {
            Description = $"{description} ({allowed})",
            CustomParser = r => Parse<double>(r, name, allowed,
                s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= min && v <= max ? v : null),
        };
    }

    /// <summary>One of a fixed set of words (case-insensitive), returned in lower case.</summary>
    public static Option<string?> OneOf(string name, string description, string[] choices, params string[] aliases) =>
        OneOfWithHint(name, description, choices, "", aliases);

    /// <summary>One of a fixed set of words; <paramref name="hint"/> is added to the error, e.g. where a meaning moved.</summary>
    public static Option<string?> OneOfWithHint(string name, string description, string[] choices, string hint, params string[] aliases)
    {
        string allowed = string.Join(", ", choices);
        return new(name, aliases)
        {
            Description = $"{description} ({allowed})",
            CustomParser = r => Parse(r, name, $"one of {allowed}{hint}",
                s => choices.FirstOrDefault(c => c.Equals(s, StringComparison.OrdinalIgnoreCase))),
        };
    }

    /// <summary>A colour as #RRGGBB, RRGGBB, white or black; parsed to RGB in [0,1].</summary>
    public static Option<Vector3?> Color(string name, string description)
    {
        const string allowed = "#RRGGBB (hexadecimal), white or black";
        return new(name)
        {
            Description = $"{description} ({allowed})",
            CustomParser = r =>
            {
                string text = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
                string hex = text.ToLowerInvariant() switch { "white" => "ffffff", "black" => "000000", var t => t.TrimStart('#') };
                if (hex.Length == 6 && int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int rgb))
                    return new Vector3((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255) / 255f;
                r.AddError($"{name} {Quote(text)}: expected {allowed}");
                return null;
            },
        };
    }

    /// <summary>Refuses two flags given together.</summary>
    public static void Exclusive(Command command, Option<bool> first, Option<bool> second, string why) =>
        command.Validators.Add(r =>
        {
            if (r.GetValue(first) && r.GetValue(second)) r.AddError($"{first.Name} and {second.Name} cannot be used together: {why}");
        });

    public static string Allowed(int min, int max) =>
        max == int.MaxValue ? $"an integer, at least {min}" : $"an integer from {min} to {max}";

    private static T? Parse<T>(ArgumentResult result, string name, string allowed, Func<string, T?> parse) where T : struct
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (parse(text) is T value) return value;
        result.AddError($"{name} {Quote(text)}: expected {allowed}");
        return null;
    }

    private static string? Parse(ArgumentResult result, string name, string allowed, Func<string, string?> parse)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (parse(text) is string value) return value;
        result.AddError($"{name} {Quote(text)}: expected {allowed}");
        return null;
    }

    private static string Quote(string text) => text.Length == 0 || text.Any(char.IsWhiteSpace) ? $"'{text}'" : text;
}
