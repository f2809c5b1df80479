using Esrgan.Imaging;

namespace Esrgan.Evaluation;

/// <summary>Anything that turns an LR image into an SR image <see cref="Scale"/> times larger on each side.</summary>
internal interface ISuperResolver
{
    int Scale { get; }

    Image Upscale(Image lr);
}
