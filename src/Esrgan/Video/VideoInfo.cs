namespace Esrgan.Video;

/// <summary>A stream of the source kept in the output (audio or subtitles), by its index in the file.</summary>
public sealed record SourceStream(int Index, string Kind, string Codec);

/// <summary>What ffprobe reports about a video: the picture stream to upscale and the streams to carry over.</summary>
public sealed record VideoInfo(
    int StreamIndex, int Width, int Height, int RateNumerator, int RateDenominator, long Frames, double Duration,
    IReadOnlyList<SourceStream> OtherStreams)
{
    public double FrameRate => (double)RateNumerator / RateDenominator;
    public string Rate => $"{RateNumerator}/{RateDenominator}";
}
