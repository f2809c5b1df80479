using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace Esrgan.Fuzz;

/// <summary>Seeded mutations of a seed file: bytes, 32-bit fields, ranges, and for text formats numbers and lines.</summary>
internal static partial class Mutator
{
    private static readonly int[] Interesting = [0, 1, -1, 2, 3, 7, 8, 64, 127, 128, 255, 256, 4096, 65535, 65536, int.MaxValue, int.MinValue, 0x40000000, 0x7FFFFFFE];
    private static readonly string[] InterestingText = ["0", "-1", "1", "2", "3", "65536", "2147483647", "2147483648", "-2147483648", "99999999999", "1e308", "nan", "-0", "", "x"];

    public static byte[] Bytes(byte[] seed, Random rng, byte[][] others)
    {
        var data = new List<byte>(seed);
        int steps = 1 + rng.Next(rng.Next(2) == 0 ? 3 : 12);
        for (int s = 0; s < steps; s++) Step(data, rng, others);
        return [.. data];
    }

    public static string Text(string seed, Random rng)
    {
        var lines = seed.Split('\n').ToList();
        int steps = 1 + rng.Next(6);
        for (int s = 0; s < steps && lines.Count > 0; s++)
        {
            int i = rng.Next(lines.Count);
            switch (rng.Next(5))
            {
                case 0:
                case 1:
                    var numbers = Number().Matches(lines[i]);
                    if (numbers.Count == 0) goto case 4;
                    var m = numbers[rng.Next(numbers.Count)];
                    lines[i] = lines[i][..m.Index] + InterestingText[rng.Next(InterestingText.Length)] + lines[i][(m.Index + m.Length)..];
                    break;
                case 2: lines.Insert(i, lines[rng.Next(lines.Count)]); break;
                case 3: lines.RemoveAt(i); break;
                case 4:
                    var chars = lines[i].ToCharArray();
                    if (chars.Length > 0) chars[rng.Next(chars.Length)] = "[]{}:,'\"-=# \t&*!|>"[rng.Next(18)];
                    lines[i] = new string(chars);
                    break;
            }
        }
        return string.Join('\n', lines);
    }

    private static void Step(List<byte> data, Random rng, byte[][] others)
    {
        if (data.Count == 0)
        {
            data.Add((byte)rng.Next(256));
            return;
        }
        int at = rng.Next(data.Count);
        switch (rng.Next(9))
        {
            case 0: data[at] ^= (byte)(1 << rng.Next(8)); break;
            case 1: data[at] = (byte)Interesting[rng.Next(Interesting.Length)]; break;
            case 2:
            case 3:
                if (at + 4 > data.Count) goto case 0;
                Span<byte> field = stackalloc byte[4];
                int v = Interesting[rng.Next(Interesting.Length)];
                if (rng.Next(2) == 0) BinaryPrimitives.WriteInt32LittleEndian(field, v); else BinaryPrimitives.WriteInt32BigEndian(field, v);
                for (int k = 0; k < 4; k++) data[at + k] = field[k];
                break;
            case 4: data.RemoveRange(at, Math.Min(data.Count - at, 1 + rng.Next(64))); break;
            case 5: data.InsertRange(at, Enumerable.Range(0, 1 + rng.Next(16)).Select(_ => (byte)rng.Next(256))); break;
            case 6:
                int len = Math.Min(data.Count - at, 1 + rng.Next(256));
                data.InsertRange(rng.Next(data.Count), data.GetRange(at, len));
                break;
            case 7: data.RemoveRange(at, data.Count - at); break;
            default:
                var other = others[rng.Next(others.Length)];
                if (other.Length == 0) goto case 0;
                int from = rng.Next(other.Length), count = Math.Min(other.Length - from, 1 + rng.Next(128));
                data.InsertRange(at, other.AsSpan(from, count).ToArray());
                break;
        }
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?(e[+-]?\d+)?")]
    private static partial Regex Number();

    public static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
