namespace Esrgan.Video;

/// <summary>
/// The output container and what it can carry: which source audio and subtitle codecs are copied, which are
/// converted, and which cannot be kept at all (bitmap subtitles outside Matroska).
/// </summary>
internal sealed class Container
{
    public static readonly Container Mp4 = new("mp4", ["aac", "mp3", "ac3", "eac3", "alac", "opus"], "aac", ["mov_text"], "mov_text");
    public static readonly Container Mov = new("mov", ["aac", "mp3", "ac3", "eac3", "alac", "pcm_s16le", "pcm_s24le"], "aac", ["mov_text"], "mov_text");
    public static readonly Container WebM = new("webm", ["opus", "vorbis"], "libopus", ["webvtt"], "webvtt");
    public static readonly Container Matroska = new("matroska", null, "", null, "");

    private static readonly string[] TextSubtitles = ["subrip", "srt", "ass", "ssa", "webvtt", "mov_text", "text"];

    private readonly string[]? _audioCopied, _subtitlesCopied;
    private readonly string _audioEncoder, _subtitleEncoder;

    private Container(string muxer, string[]? audioCopied, string audioEncoder, string[]? subtitlesCopied, string subtitleEncoder)
    {
        Muxer = muxer;
        _audioCopied = audioCopied;
        _audioEncoder = audioEncoder;
        _subtitlesCopied = subtitlesCopied;
        _subtitleEncoder = subtitleEncoder;
    }

    public static IReadOnlyList<string> Extensions { get; } = [".mp4", ".m4v", ".mkv", ".webm", ".mov"];

    public string Muxer { get; }

    public static Container Of(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".mp4" or ".m4v" => Mp4,
        ".mov" => Mov,
        ".webm" => WebM,
        ".mkv" => Matroska,
        var ext => throw new ArgumentException($"{path}: unknown video extension '{ext}' (use {string.Join(", ", Extensions)})"),
    };

    /// <summary>The codec arguments for a source stream at output index <paramref name="n"/> of its kind, or null if it cannot be kept.</summary>
    public string[]? ArgumentsFor(SourceStream stream, int n)
    {
        if (stream.Kind == "audio")
            return _audioCopied == null || _audioCopied.Contains(stream.Codec) ? [$"-c:a:{n}", "copy"] : [$"-c:a:{n}", _audioEncoder, $"-b:a:{n}", "192k"];
        if (_subtitlesCopied == null || _subtitlesCopied.Contains(stream.Codec)) return [$"-c:s:{n}", "copy"];
        return TextSubtitles.Contains(stream.Codec) ? [$"-c:s:{n}", _subtitleEncoder] : null;
    }
}
