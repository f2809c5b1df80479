using System.IO.Compression;
using System.Text;
using Esrgan.Formats;
using Esrgan.Formats.Safetensors;
using Esrgan.Imaging;
using Esrgan.Training.Options;
using Xunit;

namespace Esrgan.Tests.Formats;

/// <summary>
/// The hand-made hostile files of tools/fixtures/make_attack_files.py: each is refused with its format's error type
/// and a message that names the file, the field and the limit, before anything large is allocated.
/// </summary>
public sealed class AttackFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esrgan-attacks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Attack(string name) => TestPaths.Fixtures("Attacks", name);

    [Theory]
    [InlineData("pickle_expanded_views.pth", "a tensor of shape [500000000] claims 500,000,000 elements (limit 268,435,456)")]
    [InlineData("pickle_expanded_total.pth", "tensors hold more than 268,435,456 elements in all (limit)")]
    [InlineData("pickle_memo_bomb.pth", "'weights' holds a list, not a tensor")]
    [InlineData("pickle_storage_overflow.pth", "storage '0' claims 4,611,686,018,427,387,904 elements (limit 268,435,456)")]
    [InlineData("zip_bomb.pth", "zip entry 'archive/data.pkl' inflates to 1,600,000,000 bytes (limit 1,073,741,824)")]
    public void HostileCheckpointsAreRefusedByTheirClaims(string name, string message)
    {
        var e = Assert.Throws<CheckpointFileException>(() => ModelFile.Load(Attack(name)));
        Assert.Equal($"{Attack(name)}: ", e.Message[..(Attack(name).Length + 2)]);
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void OverlappingSafetensorsOffsetsAreRefused()
    {
        var e = Assert.Throws<SafetensorsFileException>(() => ModelFile.Load(Attack("safetensors_overlap.safetensors")));
        Assert.Contains("tensor 't1' data_offsets [0, 16384] overlap the previous tensor's data, which ends at 16384", e.Message);
    }

    [Theory]
    [InlineData("ncnn_zero_kernel", "layer conv0 parameter 1=0 must be positive")]
    [InlineData("ncnn_negative_count", "layer conv0 parameter 6=-108 must be positive")]
    [InlineData("ncnn_overflow", "convolution conv0 is not a stride-1, same-padded conv")]
    [InlineData("ncnn_huge_layer_count", "line 2: layer count '2000000000' is not a whole number from 0 to 65,536 (limit)")]
    [InlineData("ncnn_negative_layer_count", "line 2: layer count '-5' is not a whole number from 0 to 65,536 (limit)")]
    [InlineData("ncnn_blob_overflow", "line 4: blob count '99999999999' is not a whole number from 0 to the header's 2")]
    public void HostileNcnnCountsAreRefused(string name, string message)
    {
        var e = Assert.Throws<NcnnFileException>(() => ModelFile.Load(Attack(name + ".param")));
        Assert.Contains(message, e.Message);
    }

    /// <remarks>
    /// A PNG over the pixel limit could still be upscaled row by row, so <see cref="ImageCodec.ReadInfo"/> and
    /// <see cref="ImageCodec.Open"/> refuse it by what its file can hold (<paramref name="rowMessage"/>) instead.
    /// </remarks>
    [Theory]
    [InlineData("png_huge_header.png", "PNG header claims 1,000,000 x 1,000,000 = 1,000,000,000,000 pixels (limit 268,435,456)",
        "PNG header claims 1,000,000 x 1,000,000 pixels (3,000,001,000,000 bytes of image data), more than 69 bytes can hold")]
    [InlineData("png_tall.png", "PNG header claims 3 x 268,435,456 = 805,306,368 pixels (limit 268,435,456)",
        "PNG header claims 3 x 268,435,456 pixels (1,073,741,824 bytes of image data), more than 69 bytes can hold")]
    [InlineData("png_implausible.png", "PNG header claims 16,000 x 16,000 pixels (768,016,000 bytes of image data), more than 69 bytes can hold", null)]
    [InlineData("jpeg_huge_header.jpg", "JPEG header claims 40,000 x 46,000 = 1,840,000,000 pixels (limit 268,435,456)", null)]
    [InlineData("jpeg_implausible.jpg", "JPEG header claims 16,000 x 16,000 pixels, more than 698 bytes can hold", null)]
    public void ImageHeadersAreCheckedBeforeDecoding(string name, string message, string? rowMessage)
    {
        Assert.Equal($"{Attack(name)}: {message}", Assert.Throws<ImageFileException>(() => ImageCodec.Read(Attack(name))).Message);
        Assert.Equal($"{Attack(name)}: {rowMessage ?? message}", Assert.Throws<ImageFileException>(() => ImageCodec.ReadInfo(Attack(name))).Message);
        Assert.Equal($"{Attack(name)}: {rowMessage ?? message}", Assert.Throws<ImageFileException>(() => ImageCodec.Open(Attack(name))).Message);
    }

    [Fact]
    public void ThePixelLimitCanBeChanged()
    {
        string png = TestPaths.Fixtures("Imaging", "palette8.png");
        var info = ImageCodec.ReadInfo(png);
        var limits = new LoadLimits { MaxImagePixels = (long)info.Width * info.Height - 1 };
        Assert.Contains($"(limit {limits.MaxImagePixels:N0})", Assert.Throws<ImageFileException>(() => ImageCodec.Read(png, limits)).Message);
        Assert.Equal(info.Width, ImageCodec.Read(png, limits with { MaxImagePixels = (long)info.Width * info.Height }).Width);
    }

    [Fact]
    public void TheTensorLimitCanBeChanged()
    {
        var e = Assert.Throws<CheckpointFileException>(() => ModelFile.Load(FormatFixtures.Path("srvgg_zip.pth"), new LoadLimits { MaxTensorElements = 100 }));
        Assert.Contains("claims 108 elements (limit 100)", e.Message);
    }

    [Fact]
    public void PickleMemoAndContainerLimitsAreChecked()
    {
        // EMPTY_LIST, MARK, five BININT1 0..4, APPENDS, three MEMOIZE, STOP.
        string file = TorchZip("items.pth", [0x80, 0x02, (byte)']', (byte)'(', .. Enumerable.Range(0, 5).SelectMany(i => new byte[] { (byte)'K', (byte)i }),
            (byte)'e', 0x94, 0x94, 0x94, (byte)'.']);
        Assert.Contains("pickle containers hold more than 4 items (limit) at offset 15",
            Assert.Throws<CheckpointFileException>(() => ModelFile.Load(file, new LoadLimits { MaxPickleItems = 4 })).Message);
        Assert.Contains("pickle memo exceeds 2 entries (limit) at offset",
            Assert.Throws<CheckpointFileException>(() => ModelFile.Load(file, new LoadLimits { MaxPickleMemo = 2 })).Message);
    }

    [Fact]
    public void ZipEntryAndNcnnLimitsCanBeChanged()
    {
        string pth = FormatFixtures.Path("srvgg_zip.pth");
        Assert.Matches(@"zip entry 'srvgg_zip/data\.pkl' inflates to [\d,]+ bytes \(limit 100\)",
            Assert.Throws<CheckpointFileException>(() => ModelFile.Load(pth, new LoadLimits { MaxZipEntryBytes = 100 })).Message);
        string param = FormatFixtures.Path("ncnn_srvgg_x4.param");
        Assert.Contains("line 2: layer count '12' is not a whole number from 0 to 11 (limit)",
            Assert.Throws<NcnnFileException>(() => ModelFile.Load(param, new LoadLimits { MaxNcnnLayers = 11 })).Message);
        Assert.Contains("ncnn_srvgg_x4.bin: 4,552 bytes is more than 1,000 weights can fill (limit)",
            Assert.Throws<NcnnFileException>(() => ModelFile.Load(param, new LoadLimits { MaxCheckpointElements = 1000 })).Message);
    }

    /// <summary>A dict of 300,000 int keys; a linear search per SETITEM would take minutes.</summary>
    [Fact]
    public void ADictWithManyKeysIsReadInLinearTime()
    {
        var pickle = new MemoryStream();
        pickle.Write([0x80, 0x02, (byte)'}', (byte)'(']);
        for (int i = 0; i < 300_000; i++)
        {
            pickle.WriteByte((byte)'J');
            pickle.Write(BitConverter.GetBytes(i));
            pickle.WriteByte((byte)'N');
        }
        pickle.Write([(byte)'u', (byte)'.']);
        string file = TorchZip("keys.pth", pickle.ToArray());
        var e = Assert.Throws<CheckpointFileException>(() => ModelFile.Load(file));
        Assert.Equal($"{file}: state dict has a non-string key '0'", e.Message);
    }

    [Theory]
    [InlineData("I12x\n.", "pickle INT argument '12x' at offset 7 is not an integer")]
    [InlineData("F1.5.5\n.", "pickle FLOAT argument '1.5.5' at offset 9 is not a number")]
    [InlineData("Np1x\n.", "pickle PUT at offset 7 has no memo index")]
    [InlineData("Ng99\n.", "pickle refers to memo entry 99 that was never stored")]
    public void MalformedTextOpcodesAreNamed(string opcodes, string message)
    {
        string file = TorchZip("text.pth", [0x80, 0x02, .. Encoding.ASCII.GetBytes(opcodes)]);
        Assert.Equal($"{file}: {message}", Assert.Throws<CheckpointFileException>(() => ModelFile.Load(file)).Message);
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","data_offsets":[0,4]}}""", "tensor 'w' has no 'shape'")]
    [InlineData("""{"w":{"dtype":"F32","shape":["a"],"data_offsets":[0,4]}}""", "tensor 'w' shape holds \"a\", not an integer")]
    [InlineData("""{"w":{"dtype":"F32","shape":[65536,65536,65536,65536],"data_offsets":[0,4]}}""", "tensor 'w' of shape [65536, 65536, 65536, 65536] claims more than 268,435,456 elements (limit)")]
    [InlineData("""{"__metadata__":{"a":1},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "__metadata__ value 'a' is a Number, not a string")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"v":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", "tensor 'v' data_offsets [8, 12] leave a gap after byte 4")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "tensor 'w' data_offsets [0, 8] reach past the 4 data bytes (truncated?)")]
    [InlineData("""[1, 2]""", "header is not a JSON object")]
    public void MalformedSafetensorsHeadersAreNamed(string header, string message)
    {
        string file = Path.Combine(_dir, "bad.safetensors");
        byte[] json = Encoding.UTF8.GetBytes(header);
        File.WriteAllBytes(file, [.. BitConverter.GetBytes((long)json.Length), .. json, 0, 0, 0, 0]);
        var e = Assert.Throws<SafetensorsFileException>(() => SafetensorsReader.Read(file));
        Assert.Contains(message, e.Message);
        Assert.StartsWith($"{file}: ", e.Message);
    }

    [Fact]
    public void TwoPixelShuffleLayersAreNamed()
    {
        string param = Path.Combine(_dir, "two.param");
        var lines = File.ReadAllLines(FormatFixtures.Path("ncnn_srvgg_x4.param")).ToList();
        lines[1] = "13 16";
        lines.Insert(lines.FindIndex(l => l.StartsWith("PixelShuffle", StringComparison.Ordinal)), "PixelShuffle shuffle0 1 1 p4 q4 0=1");
        File.WriteAllLines(param, lines);
        File.Copy(FormatFixtures.Path("ncnn_srvgg_x4.bin"), Path.ChangeExtension(param, ".bin"));
        Assert.Equal($"{param}: 2 PixelShuffle layers; SRVGGNetCompact has one", Assert.Throws<NcnnFileException>(() => ModelFile.Load(param)).Message);
    }

    [Fact]
    public void DeeplyNestedYamlIsRefusedBeforeItOverflowsTheStack()
    {
        string file = Path.Combine(_dir, "deep.yml");
        File.WriteAllText(file, "name: deep\nnetwork_g: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        var e = Assert.Throws<OptionsException>(() => OptionsDocument.Load(file, []));
        Assert.Equal($"{file}: line 2: YAML nests deeper than 64 levels (limit)", e.Message);
    }

    private string TorchZip(string name, byte[] pickle)
    {
        string file = Path.Combine(_dir, name);
        using var zip = ZipFile.Open(file, ZipArchiveMode.Create);
        using (var s = zip.CreateEntry("archive/data.pkl").Open()) s.Write(pickle);
        return file;
    }
}
