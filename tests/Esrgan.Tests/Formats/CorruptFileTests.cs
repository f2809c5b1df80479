using Esrgan.Formats;
using Xunit;

namespace Esrgan.Tests.Formats;

public class CorruptFileTests
{
    [Theory]
    [InlineData("rrdb_x4_zip.pth", 0.5)]
    [InlineData("rrdb_x4_legacy.pth", 0.5)]
    [InlineData("rrdb_x4_legacy.pth", 0.01)]
    [InlineData("rrdb_x4_python.safetensors", 0.9)]
    public void TruncatedFilesGiveErrorsNamingTheFile(string name, double keep)
    {
        string cut = FormatFixtures.TruncatedCopy(name, keep);
        var e = Assert.ThrowsAny<ModelFileException>(() => ModelFile.Load(cut));
        Assert.Contains(cut, e.Message);
    }

    [Fact]
    public void TruncatedNcnnBinIsReported()
    {
        string cut = FormatFixtures.TruncatedCopy("ncnn_rrdb_x4.bin", 0.7);
        File.Copy(FormatFixtures.Path("ncnn_rrdb_x4.param"), Path.ChangeExtension(cut, ".param"));
        var e = Assert.Throws<NcnnFileException>(() => ModelFile.Load(cut));
        Assert.Contains(cut, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void CorruptPickleBytesAreReported()
    {
        string dir = Directory.CreateTempSubdirectory("esrgan-corrupt-").FullName;
        string file = Path.Combine(dir, "garbage.pth");
        byte[] bytes = File.ReadAllBytes(FormatFixtures.Path("rrdb_x4_legacy.pth"));
        for (int i = 60; i < 400; i++) bytes[i] = 0xFF;
        File.WriteAllBytes(file, bytes);
        var e = Assert.Throws<CheckpointFileException>(() => ModelFile.Load(file));
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void ASafetensorsFileWhoseHeaderLengthOverrunsTheFileIsReportedAsSuch()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("esrgan-corrupt-").FullName, "model.safetensors");
        File.WriteAllBytes(file, [.. BitConverter.GetBytes(1UL << 40), .. "{}"u8]);
        var e = Assert.Throws<SafetensorsFileException>(() => ModelFile.Load(file));
        Assert.StartsWith($"{file}: header claims 1,099,511,627,776 bytes but the file has 2 after the length field", e.Message);
        Assert.Throws<SafetensorsFileException>(() => ModelFile.ReadWeights(file));
    }

    [Fact]
    public void UnknownFormatsAreNamed()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("esrgan-unknown-").FullName, "notes.txt");
        File.WriteAllText(file, "not a model");
        var e = Assert.Throws<ModelFileException>(() => ModelFile.Load(file));
        Assert.Contains("unrecognised model file", e.Message);
    }
}
