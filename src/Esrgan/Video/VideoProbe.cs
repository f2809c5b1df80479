using System.Globalization;
using System.Text.Json;

namespace Esrgan.Video;

/// <summary>
/// Reads a video's streams with ffprobe (packets counted by demuxing, without decoding) and checks them against
/// <see cref="VideoLimits"/> before anything is decoded.
/// </summary>
public static class VideoProbe
{
    public static VideoInfo Read(string path)
    {
        if (!File.Exists(path)) throw new VideoFileException(path, "file not found");
        string json = FfmpegProcess.Capture("ffprobe",
        [
            "-v", "error", "-count_packets", "-print_format", "json",
            "-show_entries", "stream=index,codec_type,codec_name,width,height,r_frame_rate,avg_frame_rate,nb_read_packets:stream_disposition=attached_pic:format=duration",
            "file:" + Path.GetFullPath(path),
        ], path);
        try
        {
            return Parse(path, json);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or OverflowException)
        {
            throw new VideoFileException(path, $"unexpected ffprobe report ({e.Message})", e);
        }
    }

    /// <summary>Frames and size of the first video stream of an encoded segment or output (for validation).</summary>
    public static (long Frames, int Width, int Height) CountFrames(string path)
    {
        string json = FfmpegProcess.Capture("ffprobe",
            ["-v", "error", "-count_packets", "-select_streams", "v:0", "-print_format", "json",
             "-show_entries", "stream=width,height,nb_read_packets", "file:" + Path.GetFullPath(path)], path);
        using var doc = JsonDocument.Parse(json);
        var streams = doc.RootElement.GetProperty("streams");
        if (streams.GetArrayLength() == 0) return (0, 0, 0);
        var s = streams[0];
        return (Long(s, "nb_read_packets"), s.GetProperty("width").GetInt32(), s.GetProperty("height").GetInt32());
    }

    internal static VideoInfo Parse(string path, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        JsonElement? video = null;
        var others = new List<SourceStream>();
        foreach (var s in root.GetProperty("streams").EnumerateArray())
        {
            string kind = s.TryGetProperty("codec_type", out var t) ? t.GetString() ?? "" : "";
            string codec = s.TryGetProperty("codec_name", out var c) ? c.GetString() ?? "" : "";
            bool coverArt = s.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var a) && a.GetInt32() == 1;
            if (kind == "video" && !coverArt) video ??= s.Clone();
            else if (kind is "audio" or "subtitle") others.Add(new SourceStream(s.GetProperty("index").GetInt32(), kind, codec));
        }
        if (video is not { } v) throw new VideoFileException(path, "no video stream");
        int width = v.GetProperty("width").GetInt32(), height = v.GetProperty("height").GetInt32();
        if (width < 1 || height < 1 || width > VideoLimits.MaxInputSide || height > VideoLimits.MaxInputSide)
            throw new VideoFileException(path, $"frame size {width}x{height} is outside 1..{VideoLimits.MaxInputSide} pixels a side");
        var (num, den) = Rate(v, "avg_frame_rate") ?? Rate(v, "r_frame_rate")
            ?? throw new VideoFileException(path, "the video stream has no frame rate");
        if ((double)num / den > VideoLimits.MaxFrameRate)
            throw new VideoFileException(path, $"frame rate {num}/{den} is above the limit of {VideoLimits.MaxFrameRate} fps");
        long frames = Long(v, "nb_read_packets");
        if (frames < 1) throw new VideoFileException(path, "the video stream has no frames");
        if (frames > VideoLimits.MaxFrames)
            throw new VideoFileException(path, $"{frames} frames is above the limit of {VideoLimits.MaxFrames}");
        double duration = root.TryGetProperty("format", out var f) && f.TryGetProperty("duration", out var du)
            && double.TryParse(du.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double dd) ? dd : frames * den / (double)num;
        return new VideoInfo(v.GetProperty("index").GetInt32(), width, height, num, den, frames, duration, others);
    }

    private static (int, int)? Rate(JsonElement stream, string name)
    {
        if (!stream.TryGetProperty(name, out var r) || r.GetString() is not { } text) return null;
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int n) ||
            !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int d) || n <= 0 || d <= 0) return null;
        return (n, d);
    }

    private static long Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && long.TryParse(p.GetString(), CultureInfo.InvariantCulture, out long v) ? v : 0;
}
