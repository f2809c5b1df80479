using Esrgan.Video;

namespace Esrgan.Cli.Video;

/// <summary>A video's progress as a status text: frames, resumed frames, segments, fps and ETA, or the stage it is in.</summary>
internal sealed class VideoProgressLine(Action<string, bool> show) : IProgress<VideoProgress>
{
    public void Report(VideoProgress p)
    {
        string eta = p.Eta is { } e ? e.ToString(@"hh\:mm\:ss") : "--:--:--";
        string resumed = p.FramesResumed > 0 ? $" ({p.FramesResumed} resumed)" : "";
        string line = p.Stage switch
        {
            VideoStage.Probing => "reading streams",
            VideoStage.Joining => $"joining {p.Segments} segments with the source's audio and subtitles",
            _ => $"frames {p.FramesDone}/{p.TotalFrames}{resumed}  segments {p.SegmentsDone}/{p.Segments}  {p.FramesPerSecond:F2} fps  ETA {eta}",
        };
        // A new stage and the last frame are lines of their own in a pipe; frames in between follow the view's pace.
        show(line, p.Stage != VideoStage.Upscaling || p.FramesDone == p.TotalFrames);
    }
}
