namespace Esrgan.Video;

public enum VideoStage
{
    Probing,
    Upscaling,
    Joining,
}

/// <summary>
/// Where a video upscale stands: frames done out of all (those of segments finished by an earlier run count as
/// done and as resumed), the rate of this run in frames per second, and the estimated time left.
/// </summary>
public sealed record VideoProgress(VideoStage Stage, long FramesDone, long TotalFrames, long FramesResumed,
    int SegmentsDone, int Segments, double FramesPerSecond, TimeSpan? Eta);

/// <summary>The finished output, and the source streams the container could not keep.</summary>
public sealed record VideoResult(string Output, long Frames, int Width, int Height, int SegmentsResumed, IReadOnlyList<string> Dropped);
