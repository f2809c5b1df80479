namespace Esrgan.Models;

/// <summary>A generator that maps an image (plain NCHW in [0, 1]) to one <see cref="Scale"/> times larger.</summary>
internal interface IUpscalingNetwork
{
    int Scale { get; }

    /// <summary>Input sides must be multiples of this (for example after pixel unshuffle).</summary>
    int SizeMultiple { get; }

    int InChannels { get; }
    int OutChannels { get; }
}
