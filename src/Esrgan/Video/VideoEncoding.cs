namespace Esrgan.Video;

/// <summary>How upscaled frames are encoded, and how many frames make one resumable segment.</summary>
public sealed record VideoEncoding
{
    public static IReadOnlyList<string> Codecs { get; } = ["libx264", "libx265", "libvpx-vp9", "libaom-av1"];
    public static IReadOnlyList<string> PixelFormats { get; } = ["yuv420p", "yuv422p", "yuv444p", "yuv420p10le", "yuv444p10le"];
    public static IReadOnlyList<string> Presets { get; } =
        ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"];

    /// <summary>The video encoder; null picks libx264, or libvpx-vp9 for WebM.</summary>
    public string? Codec { get; init; }

    /// <summary>Constant rate factor (quality): 0 to 51 for x264/x265, 0 to 63 for VP9/AV1; lower is better.</summary>
    public int Crf { get; init; } = 18;

    public string PixelFormat { get; init; } = "yuv420p";

    /// <summary>x264/x265 speed preset.</summary>
    public string Preset { get; init; } = "medium";

    /// <summary>Frames per segment: the unit of work that a re-run does not repeat.</summary>
    public int SegmentFrames { get; init; } = 100;

    public string CodecFor(string output) => Codec ?? (Container.Of(output) == Container.WebM ? "libvpx-vp9" : "libx264");

    /// <summary>Checks the options against each other and the output's container; the message names the option.</summary>
    public void Validate(string output)
    {
        var container = Container.Of(output);
        string codec = CodecFor(output);
        if (!Codecs.Contains(codec)) throw new ArgumentException($"--video-codec {codec}: expected one of {string.Join(", ", Codecs)}");
        if (container == Container.WebM && codec is not ("libvpx-vp9" or "libaom-av1"))
            throw new ArgumentException($"--video-codec {codec}: WebM holds VP9 or AV1 only ({output})");
        int maxCrf = codec is "libx264" or "libx265" ? 51 : 63;
        if (Crf < 0 || Crf > maxCrf) throw new ArgumentException($"--crf {Crf}: {codec} takes 0 to {maxCrf}");
        if (!PixelFormats.Contains(PixelFormat)) throw new ArgumentException($"--pix-fmt {PixelFormat}: expected one of {string.Join(", ", PixelFormats)}");
        if (!Presets.Contains(Preset)) throw new ArgumentException($"--preset {Preset}: expected one of {string.Join(", ", Presets)}");
        if (SegmentFrames is < 1 or > 100_000) throw new ArgumentException($"--segment-frames {SegmentFrames}: expected 1 to 100000");
    }

    /// <summary>
    /// Encoder arguments. RGB becomes BT.709 limited-range YUV, tagged as such; sides are cut to even numbers, which
    /// chroma subsampling needs.
    /// </summary>
    internal IEnumerable<string> VideoArguments(string output)
    {
        string codec = CodecFor(output);
        List<string> args = ["-vf", "crop=trunc(iw/2)*2:trunc(ih/2)*2,scale=out_color_matrix=bt709:out_range=tv",
            "-c:v", codec, "-crf", Crf.ToString(System.Globalization.CultureInfo.InvariantCulture), "-pix_fmt", PixelFormat,
            "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"];
        if (codec is "libx264" or "libx265") args.AddRange(["-preset", Preset]);
        if (codec == "libx265") args.AddRange(["-x265-params", "log-level=error"]);
        if (codec is "libvpx-vp9" or "libaom-av1") args.AddRange(["-b:v", "0", "-row-mt", "1"]);
        return args;
    }
}
