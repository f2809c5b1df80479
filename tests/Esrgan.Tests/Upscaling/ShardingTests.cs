using System.Diagnostics;
using Esrgan.Formats;
using Esrgan.Imaging;
using Esrgan.Models;
using Esrgan.Upscaling.Sharding;
using Xunit;

namespace Esrgan.Tests.Upscaling;

public sealed class ShardingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esrgan-shard-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TheHashIsFnv1aOfTheUtf8PathWithForwardSlashes()
    {
        Assert.Equal(0xcbf29ce484222325UL, ShardSpec.Hash(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, ShardSpec.Hash("a"));
        Assert.Equal(0x85944171f73967e8UL, ShardSpec.Hash("foobar"));
        Assert.Equal(ShardSpec.Hash("sub/x.png"), ShardSpec.Hash("sub\\x.png"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void ShardsTogetherCoverEveryInputExactlyOnce(int count)
    {
        var paths = Enumerable.Range(0, 500).Select(i => i % 3 == 0 ? $"sub{i % 5}/img_{i}.png" : $"ünïcode_{i}.jpg").ToList();
        var shards = Enumerable.Range(0, count).Select(k => new ShardSpec(k, count)).ToList();
        foreach (string path in paths) Assert.Single(shards, s => s.Contains(path));
        if (count > 1) Assert.All(shards, s => Assert.InRange(paths.Count(s.Contains), 500 / count / 2, 500 / count * 2));
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("1")]
    [InlineData("-1/4")]
    [InlineData("a/b")]
    [InlineData("0/0")]
    public void AMalformedShardIsRefused(string text) =>
        Assert.Contains("--shard", Assert.Throws<ArgumentException>(() => ShardSpec.Parse(text)).Message);

    private string Inputs(int count, int size)
    {
        string input = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        Directory.CreateDirectory(Path.Combine(input, "sub"));
        for (int i = 0; i < count; i++)
            ImageCodec.Write(Path.Combine(input, i % 4 == 0 ? "sub" : "", $"img{i:000}.png"), TilingTests.Pattern(size, size, 3, seed: i));
        return input;
    }

    private string Model()
    {
        using var net = new RrdbNet(scale: 2, numFeat: 16, numBlock: 1, numGrowCh: 16);
        string path = Path.Combine(_dir, "small.safetensors");
        ModelFile.SaveSafetensors(path, net.StateDict(), new ModelSpec("RRDBNet", new Dictionary<string, int>
        {
            ["num_in_ch"] = 3, ["num_out_ch"] = 3, ["scale"] = 2, ["num_feat"] = 16, ["num_block"] = 1, ["num_grow_ch"] = 16,
        }));
        return path;
    }

    private static string[] Outputs(string output) =>
        Directory.GetFiles(output, "*.png", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f)).Order(StringComparer.Ordinal).ToArray();

    private static string[] DoneLines(string manifest) =>
        File.ReadAllLines(manifest).Where(l => l.Contains("\"status\":\"done\"", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void FourShardsWriteEachOutputOnceAndTheManifestSaysSo()
    {
        string input = Inputs(12, 8), output = Path.Combine(_dir, "out"), model = Model();
        for (int k = 0; k < 4; k++)
            Assert.Equal(0, Esrgan.Cli.Program.Main(["upscale", input, "-r", "-o", output, "--model", model, "--shard", $"{k}/4"]));
        var expected = Enumerable.Range(0, 12).Select(i => Path.Combine(i % 4 == 0 ? "sub" : "", $"img{i:000}_out.png")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, Outputs(output));
        var recorded = Enumerable.Range(0, 4).SelectMany(k => DoneLines(ShardManifest.PathFor(output, new ShardSpec(k, 4)))).ToList();
        Assert.Equal(12, recorded.Count);
        var standing = ManifestSummary.Read(output);
        Assert.Equal(12, standing.Sum(s => s.Done));
        Assert.All(standing, s => Assert.Equal((true, 0, 0), (s.Started, s.Failed, s.Missing)));
        Assert.Equal(0, Esrgan.Cli.Program.Main(["manifest", output]));

        File.Delete(Path.Combine(output, "img001_out.png"));
        Assert.Equal(1, ManifestSummary.Read(output).Sum(s => s.Missing));
        Assert.Equal(1, Esrgan.Cli.Program.Main(["manifest", output]));
    }

    [Fact]
    public void AShardWritingInsideItsInputFolderLeavesEarlierOutputsOut()
    {
        string input = Inputs(6, 8), output = Path.Combine(input, "up"), model = Model();
        for (int run = 0; run < 2; run++)
            Assert.Equal(0, Esrgan.Cli.Program.Main(["upscale", input, "-r", "-o", output, "--model", model, "--shard", "0/1"]));
        Assert.Equal(6, Outputs(output).Length);
        Assert.Equal(6, DoneLines(ShardManifest.PathFor(output, new ShardSpec(0, 1))).Length);
    }

    [Fact]
    public void AShardKilledMidRunFinishesWithoutRedoingCompletedFiles()
    {
        string input = Inputs(30, 48), output = Path.Combine(_dir, "out"), model = Model();
        string manifest = ShardManifest.PathFor(output, new ShardSpec(0, 1));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "esrgan-cli.dll"), "upscale", input, "-r", "-o", output, "--model", model, "--shard", "0/1" })
            info.ArgumentList.Add(a);
        using (var run = Process.Start(info)!)
        {
            run.BeginErrorReadLine();
            run.BeginOutputReadLine();
            while (!run.HasExited && (!File.Exists(manifest) || DoneLines(manifest).Length < 3)) Thread.Sleep(2);
            run.Kill();
            run.WaitForExit();
        }
        var finished = DoneLines(manifest).Select(l => System.Text.Json.JsonSerializer.Deserialize<ManifestEntry>(l)!.Output!).ToList();
        Assert.InRange(finished.Count, 3, 29);
        var times = finished.ToDictionary(f => f, f => File.GetLastWriteTimeUtc(Path.Combine(output, f)));
        string halfDone = Path.Combine(output, "img029_out.png");
        if (!finished.Contains("img029_out.png")) File.WriteAllText(halfDone, "renamed into place, but the kill came before its manifest line");
        File.WriteAllText(Path.Combine(output, ".img029_out.png.123.abc.tmp"), "left by the kill");

        Assert.Equal(0, Esrgan.Cli.Program.Main(["upscale", input, "-r", "-o", output, "--model", model, "--shard", "0/1"]));
        Assert.Equal(30, Outputs(output).Length);
        Assert.Equal(30, DoneLines(manifest).Select(l => System.Text.Json.JsonSerializer.Deserialize<ManifestEntry>(l)!.Path).Distinct().Count());
        Assert.Equal(30, DoneLines(manifest).Length);
        foreach (var (file, time) in times) Assert.Equal(time, File.GetLastWriteTimeUtc(Path.Combine(output, file)));
        Assert.Equal(96, ImageCodec.ReadInfo(halfDone).Width);
        Assert.Empty(Directory.GetFiles(output, "*.tmp", SearchOption.AllDirectories));
    }
}
