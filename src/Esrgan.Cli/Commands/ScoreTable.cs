using System.Globalization;

namespace Esrgan.Cli.Commands;

/// <summary>Fixed-width rows of the evaluate table: PSNR-Y in dB to 4 places, SSIM-Y to 4, NIQE to 4 ('-' when absent).</summary>
internal static class ScoreTable
{
    public static string Header(string first) => $"{first,-24} {"PSNR-Y",9} {"SSIM-Y",8} {"NIQE",8}";

    public static string Row(string name, double psnr, double ssim, double niqe) =>
        $"{name,-24} {Format(psnr),9} {Format(ssim),8} {Format(niqe),8}";

    private static string Format(double value) =>
        double.IsNaN(value) ? "-" : value.ToString("F4", CultureInfo.InvariantCulture);
}
