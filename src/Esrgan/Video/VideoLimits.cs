namespace Esrgan.Video;

/// <summary>What a video may claim before any frame is decoded (checked on ffprobe's report).</summary>
public static class VideoLimits
{
    /// <summary>Largest input frame side.</summary>
    public const int MaxInputSide = 4096;

    /// <summary>Largest output frame side (what H.264/HEVC encoders accept).</summary>
    public const int MaxOutputSide = 16384;

    /// <summary>At most this many frames (about 9 hours at 30 fps).</summary>
    public const long MaxFrames = 1_000_000;

    public const double MaxFrameRate = 1000;
}
