using System.Diagnostics;
using System.Text.Json;

namespace Esrgan.Video;

/// <summary>
/// Upscales a video through ffmpeg: frames are decoded to RGB24 on a pipe, upscaled one by one in memory and piped
/// to an encoder, a segment of <see cref="VideoEncoding.SegmentFrames"/> frames per encoder run. Finished segments
/// survive an interrupted run and are not redone; at the end they are joined, the source's audio, subtitles,
/// chapters and metadata are added, and the result replaces the output in one rename.
/// </summary>
public sealed class VideoUpscaler(FrameUpscaler frames, VideoEncoding encoding, string pipelineIdentity)
{
    public static bool IsVideo(string path) => Container.Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <param name="pipelineIdentity">Names the model and upscaling settings; segments made with others are not reused.</param>
    public VideoResult Run(string input, string output, IProgress<VideoProgress>? progress = null, CancellationToken cancel = default)
    {
        encoding.Validate(output);
        var container = Container.Of(output);
        progress?.Report(new VideoProgress(VideoStage.Probing, 0, 0, 0, 0, 0, 0, null));
        var info = VideoProbe.Read(input);
        var (outW, outH) = frames.OutputSize(info.Width, info.Height);
        if (outW > VideoLimits.MaxOutputSide || outH > VideoLimits.MaxOutputSide)
            throw new VideoFileException(input, $"the upscaled frames ({outW}x{outH}) would be larger than {VideoLimits.MaxOutputSide} pixels a side");
        if (outW < 2 || outH < 2) throw new VideoFileException(input, $"the upscaled frames ({outW}x{outH}) are too small to encode");
        var plan = new SegmentPlan(info.Frames, encoding.SegmentFrames);
        var folder = SegmentFolder.Open(output, Fingerprint(input, info));
        var finished = Enumerable.Range(0, plan.Count).Select(k => folder.IsFinished(k, plan.Length(k), outW & ~1, outH & ~1)).ToArray();
        var tracker = new Tracker(info.Frames, plan, finished, progress);
        var tileHook = frames.TileDone;
        frames.TileDone = cancel.ThrowIfCancellationRequested;
        try
        {
            if (!finished.All(f => f)) Encode(input, output, info, outW, outH, plan, folder, finished, tracker, cancel);
        }
        finally
        {
            frames.TileDone = tileHook;
        }
        progress?.Report(tracker.Snapshot(VideoStage.Joining));
        var result = Join(input, output, info, container, folder, plan, outW & ~1, outH & ~1, finished.Count(f => f));
        folder.Delete();
        return result;
    }

    private void Encode(string input, string output, VideoInfo info, int outW, int outH, SegmentPlan plan, SegmentFolder folder,
        bool[] finished, Tracker tracker, CancellationToken cancel)
    {
        using var decoder = FfmpegProcess.Start("ffmpeg",
        [
            "-v", "error", "-nostdin", "-i", "file:" + Path.GetFullPath(input), "-map", $"0:{info.StreamIndex}",
            "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
        ], readOutput: true);
        var frameIn = new byte[info.Width * info.Height * 3];
        var frameOut = new byte[(long)outW * outH * 3];
        FfmpegProcess? encoder = null;
        int current = -1;
        try
        {
            for (long index = 0; ReadFrame(decoder.Output, frameIn, input); index++)
            {
                cancel.ThrowIfCancellationRequested();
                int k = plan.SegmentOf(index);
                if (k != current)
                {
                    if (encoder != null) Finish(ref encoder, folder, current);
                    current = k;
                    if (!finished[k]) encoder = StartEncoder(output, info, outW, outH, folder.PartialPath(k));
                }
                if (encoder == null) continue;
                frames.Upscale(frameIn, info.Width, info.Height, frameOut);
                try
                {
                    encoder.Input.Write(frameOut);
                }
                catch (IOException)
                {
                    encoder.WaitForSuccess(folder.PartialPath(k), $"encoding segment {k}");
                    throw;
                }
                tracker.FrameDone();
            }
            if (encoder != null) Finish(ref encoder, folder, current);
            decoder.WaitForSuccess(input, "decoding");
        }
        finally
        {
            encoder?.Dispose();
            if (current >= 0) File.Delete(folder.PartialPath(current));
        }
    }

    private FfmpegProcess StartEncoder(string output, VideoInfo info, int outW, int outH, string partial) =>
        FfmpegProcess.Start("ffmpeg",
        [
            "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{outW}x{outH}", "-framerate", info.Rate,
            "-i", "pipe:0", .. encoding.VideoArguments(output), "-an", "-f", "matroska", "file:" + partial,
        ], writeInput: true);

    private static void Finish(ref FfmpegProcess? encoder, SegmentFolder folder, int k)
    {
        encoder!.Input.Close();
        encoder.WaitForSuccess(folder.PartialPath(k), $"encoding segment {k}");
        encoder.Dispose();
        encoder = null;
        File.Move(folder.PartialPath(k), folder.SegmentPath(k));
    }

    private static bool ReadFrame(Stream pipe, byte[] frame, string input)
    {
        int read = pipe.ReadAtLeast(frame, frame.Length, throwOnEndOfStream: false);
        if (read == 0) return false;
        if (read < frame.Length) throw new VideoFileException(input, "the decoder stopped in the middle of a frame");
        return true;
    }

    private static VideoResult Join(string input, string output, VideoInfo info, Container container, SegmentFolder folder,
        SegmentPlan plan, int width, int height, int resumed)
    {
        string list = Path.Combine(folder.FolderPath, "segments.txt");
        File.WriteAllLines(list, Enumerable.Range(0, plan.Count).Select(k => $"file '{folder.SegmentPath(k).Replace("'", @"'\''")}'"));
        var args = new List<string> { "-v", "error", "-nostdin", "-y", "-f", "concat", "-safe", "0", "-i", "file:" + list,
            "-i", "file:" + Path.GetFullPath(input), "-map", "0:v:0", "-c:v", "copy" };
        var dropped = new List<string>();
        int audio = 0, subtitles = 0;
        foreach (var stream in info.OtherStreams)
        {
            var codec = container.ArgumentsFor(stream, stream.Kind == "audio" ? audio : subtitles);
            if (codec == null)
            {
                dropped.Add($"{stream.Kind} stream {stream.Index} ({stream.Codec}): not possible in {Path.GetExtension(output)}");
                continue;
            }
            args.AddRange(["-map", $"1:{stream.Index}", .. codec]);
            if (stream.Kind == "audio") audio++;
            else subtitles++;
        }
        if (container == Container.Matroska) args.AddRange(["-map", "1:t?", "-c:t", "copy"]);
        if (container == Container.Mp4 || container == Container.Mov) args.AddRange(["-movflags", "+faststart"]);
        string full = Path.GetFullPath(output);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        args.AddRange(["-map_metadata", "1", "-map_chapters", "1", "-f", container.Muxer, "file:" + temp]);
        try
        {
            using (var mux = FfmpegProcess.Start("ffmpeg", args)) mux.WaitForSuccess(output, "joining the segments");
            var (count, w, h) = VideoProbe.CountFrames(temp);
            if ((w, h) != (width, height) || count != plan.Total)
                throw new VideoFileException(output, $"the joined video has {count} frames of {w}x{h}, expected {plan.Total} of {width}x{height}");
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
        return new VideoResult(full, plan.Total, width, height, resumed, dropped);
    }

    private string Fingerprint(string input, VideoInfo info)
    {
        var file = new FileInfo(input);
        return JsonSerializer.Serialize(new
        {
            source = file.FullName, bytes = file.Length, modified = file.LastWriteTimeUtc.Ticks, pipeline = pipelineIdentity,
            encoding = encoding.ToString(), info.Width, info.Height, info.Frames, info.Rate,
        });
    }

    /// <summary>Counts frames done (finished segments count as resumed) and turns them into rate and ETA.</summary>
    private sealed class Tracker
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly long _total, _resumed;
        private readonly SegmentPlan _plan;
        private readonly IProgress<VideoProgress>? _progress;
        private readonly int _segmentsResumed;
        private long _encoded;

        public Tracker(long total, SegmentPlan plan, bool[] finished, IProgress<VideoProgress>? progress)
        {
            _total = total;
            _plan = plan;
            _progress = progress;
            _resumed = Enumerable.Range(0, plan.Count).Where(k => finished[k]).Sum(plan.Length);
            _segmentsResumed = finished.Count(f => f);
            progress?.Report(Snapshot(VideoStage.Upscaling));
        }

        public void FrameDone()
        {
            _encoded++;
            _progress?.Report(Snapshot(VideoStage.Upscaling));
        }

        public VideoProgress Snapshot(VideoStage stage)
        {
            long done = Math.Min(_total, _resumed + _encoded);
            double rate = _encoded / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
            TimeSpan? eta = rate > 0 ? TimeSpan.FromSeconds((_total - done) / rate) : null;
            int segments = _segmentsResumed + (int)Math.Min(_plan.Count - _segmentsResumed, _encoded / _plan.FramesPerSegment);
            return new VideoProgress(stage, done, _total, _resumed, stage == VideoStage.Joining ? _plan.Count : segments, _plan.Count, rate, eta);
        }
    }
}
