namespace Esrgan.Video;

/// <summary>Frames 0..Total-1 cut into segments of FramesPerSegment; the last takes the rest (and any surplus frame).</summary>
internal sealed record SegmentPlan(long Total, int FramesPerSegment)
{
    public int Count { get; } = (int)((Total + FramesPerSegment - 1) / FramesPerSegment);

    public long Length(int k) => k < Count - 1 ? FramesPerSegment : Total - (long)FramesPerSegment * (Count - 1);

    public int SegmentOf(long frame) => (int)Math.Min(frame / FramesPerSegment, Count - 1);
}
