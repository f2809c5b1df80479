using System.Diagnostics;
using Esrgan.Video;

namespace Esrgan.Cli.Video;

/// <summary>One status line on stderr for a video: frames, resumed frames, segments, fps and ETA.</summary>
internal sealed class VideoProgressLine(string name) : IProgress<VideoProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private TimeSpan _lastPrint = TimeSpan.FromSeconds(-10);

    public void Report(VideoProgress p)
    {
        var now = _clock.Elapsed;
        bool force = p.Stage != VideoStage.Upscaling || p.FramesDone == p.TotalFrames;
        if (!force && now - _lastPrint < (_terminal ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5))) return;
        _lastPrint = now;
        string eta = p.Eta is { } e ? e.ToString(@"hh\:mm\:ss") : "--:--:--";
        string resumed = p.FramesResumed > 0 ? $" ({p.FramesResumed} resumed)" : "";
        string line = p.Stage switch
        {
            VideoStage.Probing => $"{name}: reading streams",
            VideoStage.Joining => $"{name}: joining {p.Segments} segments with the source's audio and subtitles",
            _ => $"{name}: frames {p.FramesDone}/{p.TotalFrames}{resumed}  segments {p.SegmentsDone}/{p.Segments}  {p.FramesPerSecond:F2} fps  ETA {eta}",
        };
        if (_terminal) Console.Error.Write("\r" + line + "\u001b[K");
        else Console.Error.WriteLine(line);
    }

    public void Finish()
    {
        if (_terminal) Console.Error.WriteLine();
    }
}
