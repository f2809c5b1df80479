namespace Esrgan.Imaging.Resize;

/// <summary>The two axes of one resize.</summary>
internal sealed class ResizePlan(int height, int width, int outHeight, int outWidth, double scaleHeight, double scaleWidth, bool antialiasing)
{
    public ResizeAxis Vertical { get; } = ResizeAxis.Create(height, outHeight, scaleHeight, antialiasing);
    public ResizeAxis Horizontal { get; } = ResizeAxis.Create(width, outWidth, scaleWidth, antialiasing);

    public static ResizePlan ToSize(int height, int width, int outHeight, int outWidth, bool antialiasing) =>
        new(height, width, outHeight, outWidth, (double)outHeight / height, (double)outWidth / width, antialiasing);
}
