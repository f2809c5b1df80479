using Esrgan.Imaging;

namespace Esrgan.Training.Logging;

/// <summary>An RGB raster to draw lines and text on, turned into an <see cref="Image"/> to save.</summary>
internal sealed class Canvas
{
    private readonly float[] _pixels;

    public Canvas(int width, int height)
    {
        Width = width;
        Height = height;
        _pixels = new float[width * height * 3];
        Array.Fill(_pixels, 1f);
    }

    public int Width { get; }
    public int Height { get; }

    public void Set(int x, int y, (float R, float G, float B) color)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        int i = (y * Width + x) * 3;
        _pixels[i] = color.R;
        _pixels[i + 1] = color.G;
        _pixels[i + 2] = color.B;
    }

    /// <summary>Bresenham's line, <paramref name="thickness"/> pixels wide.</summary>
    public void Line(int x0, int y0, int x1, int y1, (float, float, float) color, int thickness = 1)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
        while (true)
        {
            for (int a = 0; a < thickness; a++)
                for (int b = 0; b < thickness; b++) Set(x0 + a, y0 + b, color);
            if (x0 == x1 && y0 == y1) return;
            int e2 = 2 * err;
            if (e2 >= dy) { err += dy; x0 += sx; }
            if (e2 <= dx) { err += dx; y0 += sy; }
        }
    }

    /// <summary>Text with its top-left corner at (x, y), each font pixel drawn as scale x scale.</summary>
    public void Text(int x, int y, string text, (float, float, float) color, int scale = 2)
    {
        foreach (char c in text)
        {
            for (int row = 0; row < PlotFont.Height; row++)
                for (int col = 0; col < PlotFont.Width; col++)
                    if (PlotFont.Pixel(c, col, row))
                        for (int a = 0; a < scale; a++)
                            for (int b = 0; b < scale; b++) Set(x + col * scale + a, y + row * scale + b, color);
            x += (PlotFont.Width + 1) * scale;
        }
    }

    public static int TextWidth(string text, int scale = 2) => text.Length * (PlotFont.Width + 1) * scale;

    public Image ToImage() => new(Width, Height, 3, 8, _pixels);
}
