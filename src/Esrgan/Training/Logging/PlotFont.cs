namespace Esrgan.Training.Logging;

/// <summary>A 3x5 pixel font (digits, lower-case letters, a few signs): five rows per glyph, bit 4 the left column.</summary>
internal static class PlotFont
{
    public const int Width = 3, Height = 5;

    private static readonly Dictionary<char, byte[]> Glyphs = new()
    {
        ['0'] = [7, 5, 5, 5, 7], ['1'] = [2, 6, 2, 2, 7], ['2'] = [7, 1, 7, 4, 7], ['3'] = [7, 1, 7, 1, 7], ['4'] = [5, 5, 7, 1, 1],
        ['5'] = [7, 4, 7, 1, 7], ['6'] = [7, 4, 7, 5, 7], ['7'] = [7, 1, 1, 1, 1], ['8'] = [7, 5, 7, 5, 7], ['9'] = [7, 5, 7, 1, 7],
        ['a'] = [2, 5, 7, 5, 5], ['b'] = [6, 5, 6, 5, 6], ['c'] = [3, 4, 4, 4, 3], ['d'] = [6, 5, 5, 5, 6], ['e'] = [7, 4, 6, 4, 7],
        ['f'] = [7, 4, 6, 4, 4], ['g'] = [3, 4, 5, 5, 3], ['h'] = [5, 5, 7, 5, 5], ['i'] = [7, 2, 2, 2, 7], ['j'] = [1, 1, 1, 5, 2],
        ['k'] = [5, 5, 6, 5, 5], ['l'] = [4, 4, 4, 4, 7], ['m'] = [5, 7, 7, 5, 5], ['n'] = [6, 5, 5, 5, 5], ['o'] = [2, 5, 5, 5, 2],
        ['p'] = [6, 5, 6, 4, 4], ['q'] = [2, 5, 5, 6, 3], ['r'] = [6, 5, 6, 5, 5], ['s'] = [3, 4, 2, 1, 6], ['t'] = [7, 2, 2, 2, 2],
        ['u'] = [5, 5, 5, 5, 7], ['v'] = [5, 5, 5, 5, 2], ['w'] = [5, 5, 7, 7, 5], ['x'] = [5, 5, 2, 5, 5], ['y'] = [5, 5, 2, 2, 2],
        ['z'] = [7, 1, 2, 4, 7], ['_'] = [0, 0, 0, 0, 7], ['.'] = [0, 0, 0, 0, 2], ['-'] = [0, 0, 7, 0, 0], ['+'] = [0, 2, 7, 2, 0],
        [':'] = [0, 2, 0, 2, 0], ['/'] = [1, 1, 2, 4, 4], ['('] = [1, 2, 2, 2, 1], [')'] = [4, 2, 2, 2, 4], [' '] = [0, 0, 0, 0, 0],
    };

    /// <summary>Whether the glyph of <paramref name="c"/> (unknown characters draw as blanks) has its pixel at (column, row).</summary>
    public static bool Pixel(char c, int column, int row) =>
        Glyphs.TryGetValue(char.ToLowerInvariant(c), out var rows) && (rows[row] >> (Width - 1 - column) & 1) == 1;
}
