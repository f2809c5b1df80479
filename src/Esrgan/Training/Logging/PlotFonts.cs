using ScottPlot;

namespace Esrgan.Training.Logging;

/// <summary>
/// The typeface for plot text. SkiaSharp's dependency-free native library does not ask fontconfig for fonts, so the
/// DejaVu Sans file of Debian's fonts-dejavu-core (installed by tools/setup.sh) is registered by path when present.
/// </summary>
internal static class PlotFonts
{
    private const string Family = "DejaVu Sans";
    private static readonly string[] Candidates = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"];
    private static readonly Lazy<bool> Registered = new(() =>
    {
        var file = Candidates.FirstOrDefault(File.Exists);
        if (file == null) return false;
        Fonts.AddFontFile(Family, file);
        return true;
    });

    public static void Apply(Plot plot)
    {
        if (Registered.Value) plot.Font.Set(Family);
    }
}
