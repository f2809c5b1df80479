using System.CommandLine;
using Esrgan.Video;

namespace Esrgan.Cli.Video;

/// <summary>The upscale command's options for video inputs (encoder, quality, segment size).</summary>
internal sealed class VideoOptions
{
    private readonly Option<string?> _codec = new("--video-codec")
    {
        Description = $"Video encoder: {string.Join(", ", VideoEncoding.Codecs)} (default libx264, libvpx-vp9 for .webm)",
    };
    private readonly Option<int> _crf = new("--crf") { Description = "Video quality (constant rate factor; lower is better)", DefaultValueFactory = _ => 18 };
    private readonly Option<string> _pixFmt = new("--pix-fmt") { Description = "Video pixel format", DefaultValueFactory = _ => "yuv420p" };
    private readonly Option<string> _preset = new("--preset") { Description = "x264/x265 speed preset", DefaultValueFactory = _ => "medium" };
    private readonly Option<int> _segment = new("--segment-frames")
    {
        Description = "Frames per video segment (finished segments are kept when interrupted and reused by a re-run)",
        DefaultValueFactory = _ => 100,
    };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _codec, _crf, _pixFmt, _preset, _segment }) command.Options.Add(o);
    }

    public VideoEncoding Read(ParseResult parse) => new()
    {
        Codec = parse.GetValue(_codec),
        Crf = parse.GetValue(_crf),
        PixelFormat = parse.GetValue(_pixFmt)!,
        Preset = parse.GetValue(_preset)!,
        SegmentFrames = parse.GetValue(_segment),
    };
}
