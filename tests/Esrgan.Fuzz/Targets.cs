using System.IO.Compression;
using System.Text;
using Esrgan.Formats;
using Esrgan.Imaging;
using Esrgan.Training.Options;

namespace Esrgan.Fuzz;

/// <summary>
/// One loader under test: which seeds it mutates, how a case is written to disk and loaded, and which exception type
/// is its documented way of refusing a file. Any other exception is a finding.
/// </summary>
internal sealed record Target(string Name, Func<string, bool> IsSeed, Func<byte[], Random, byte[][], byte[]> Mutate,
    Action<string, byte[], string> Run, Func<Exception, bool> Expected)
{
    public static readonly IReadOnlyList<Target> All =
    [
        new("pth-zip", f => f.EndsWith(".pth") && IsZip(f), MutateZip, (dir, data, _) => Model(dir, "case.pth", data), IsModelError),
        new("pth-legacy", f => f.EndsWith(".pth") && !IsZip(f), Mutator.Bytes, (dir, data, _) => Model(dir, "case.pth", data), IsModelError),
        new("safetensors", f => f.EndsWith(".safetensors"), Mutator.Bytes, (dir, data, _) => Model(dir, "case.safetensors", data), IsModelError),
        new("ncnn", f => f.EndsWith(".param"), MutateNcnn, RunNcnn, IsModelError),
        new("png", f => f.EndsWith(".png"), Mutator.Bytes, (dir, data, _) => Image(dir, "case.png", data), e => e is ImageFileException),
        new("jpeg", f => f.EndsWith(".jpg"), Mutator.Bytes, (dir, data, _) => Image(dir, "case.jpg", data), e => e is ImageFileException),
        new("webp", f => f.EndsWith(".webp"), Mutator.Bytes, (dir, data, _) => Image(dir, "case.webp", data), e => e is ImageFileException),
        new("yaml", f => f.EndsWith(".yml"), (s, r, _) => Encoding.UTF8.GetBytes(Mutator.Text(Encoding.UTF8.GetString(s), r)), RunYaml,
            e => e is OptionsException),
    ];

    private static bool IsZip(string f) => File.ReadAllBytes(f) is [0x50, 0x4B, ..];

    private static bool IsModelError(Exception e) => e is ModelFileException;

    private static void Model(string dir, string name, byte[] data)
    {
        string file = Path.Combine(dir, name);
        File.WriteAllBytes(file, data);
        ModelFile.Load(file);
    }

    private static void Image(string dir, string name, byte[] data)
    {
        string file = Path.Combine(dir, name);
        File.WriteAllBytes(file, data);
        try
        {
            // The row-by-row path, which a PNG over the limits takes, a band of 16 rows at a time.
            using var input = ImageCodec.Open(file, new LoadLimits { MaxImagePixels = 1 });
            for (int y = 0; y < input.Height; y += 16) input.Rows.Band(y, Math.Min(input.Height, y + 16));
        }
        catch (ImageFileException)
        {
            // Refused as it should be; the whole-image path below gets the same file.
        }
        ImageCodec.ReadInfo(file);
        ImageCodec.Read(file);
    }

    private static void RunYaml(string dir, byte[] data, string _)
    {
        string file = Path.Combine(dir, "case.yml");
        File.WriteAllBytes(file, data);
        OptionsReader.Read(OptionsDocument.Load(file, []));
    }

    /// <summary>Half the cases mutate the pickle inside the zip and store it again, so they get past the CRC checks.</summary>
    private static byte[] MutateZip(byte[] seed, Random rng, byte[][] others)
    {
        if (rng.Next(2) == 0) return Mutator.Bytes(seed, rng, others);
        using var input = new ZipArchive(new MemoryStream(seed), ZipArchiveMode.Read);
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var entry in input.Entries)
            {
                using var source = entry.Open();
                var body = new MemoryStream();
                source.CopyTo(body);
                byte[] bytes = entry.FullName.EndsWith("data.pkl", StringComparison.Ordinal) || rng.Next(8) == 0
                    ? Mutator.Bytes(body.ToArray(), rng, others) : body.ToArray();
                using var target = zip.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
                target.Write(bytes);
            }
        return output.ToArray();
    }

    /// <summary>An ncnn case is the .param text and the .bin bytes, one of them (or both) mutated; stored as param NUL bin.</summary>
    private static byte[] MutateNcnn(byte[] seed, Random rng, byte[][] others)
    {
        int split = Array.IndexOf(seed, (byte)0);
        string param = Encoding.UTF8.GetString(seed, 0, split);
        byte[] bin = seed[(split + 1)..];
        int which = rng.Next(3);
        if (which != 1) param = Mutator.Text(param, rng).Replace('\0', ' ');
        if (which != 0) bin = Mutator.Bytes(bin, rng, others);
        return [.. Encoding.UTF8.GetBytes(param), 0, .. bin];
    }

    private static void RunNcnn(string dir, byte[] data, string _)
    {
        int split = Array.IndexOf(data, (byte)0);
        File.WriteAllBytes(Path.Combine(dir, "case.param"), data[..split]);
        File.WriteAllBytes(Path.Combine(dir, "case.bin"), data[(split + 1)..]);
        ModelFile.Load(Path.Combine(dir, "case.param"));
    }

    /// <summary>The seed bytes; an ncnn seed is its .param and the .bin beside it.</summary>
    public static byte[] ReadSeed(string file) => file.EndsWith(".param")
        ? [.. File.ReadAllBytes(file), 0, .. File.ReadAllBytes(Path.ChangeExtension(file, ".bin"))]
        : File.ReadAllBytes(file);
}
