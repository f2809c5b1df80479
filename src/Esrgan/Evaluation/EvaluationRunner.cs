using Esrgan.Imaging;
using Esrgan.Imaging.Resize;

namespace Esrgan.Evaluation;

/// <summary>
/// Scores a super-resolver on test sets as the papers do: HR cropped to a multiple of the scale, LR from the given
/// folder (paired by file stem) or made with MATLAB bicubic downscaling, PSNR-Y and SSIM-Y with the scale as crop
/// border, NIQE of the SR image on Y with the same crop.
/// </summary>
internal sealed class EvaluationRunner(ISuperResolver resolver, bool computeNiqe = true)
{
    public int Scale => resolver.Scale;
    public int CropBorder => resolver.Scale;

    /// <summary>Evaluates every image of <paramref name="hrDirectory"/>; <paramref name="scored"/> sees each result as it is done.</summary>
    public SetScore Run(string hrDirectory, string? lrDirectory = null, Action<ImageScore>? scored = null)
    {
        var hrFiles = ImageFolder.List(hrDirectory);
        var lrFiles = lrDirectory is null ? null : ImageFolder.ByStem(lrDirectory);

        var images = new List<ImageScore>();
        foreach (string hrPath in hrFiles)
        {
            string name = Path.GetFileNameWithoutExtension(hrPath);
            Image? lr = lrFiles is null ? null : ImageCodec.Read(FindLr(lrFiles, name, lrDirectory!));
            var score = Score(name, ImageCodec.Read(hrPath), lr);
            scored?.Invoke(score);
            images.Add(score);
        }
        return new SetScore(SetName(hrDirectory), hrDirectory, lrDirectory, images, ScoreMeans.Of(images));
    }

    /// <summary>Scores one pair held in memory; without an LR image it is made from the HR with MATLAB's bicubic.</summary>
    public ImageScore Score(string name, Image hr, Image? lr = null)
    {
        var reference = BicubicDegradation.CropToMultiple(hr, Scale);
        lr ??= BicubicDegradation.Downscale(reference, Scale);
        if (lr.Width * Scale != reference.Width || lr.Height * Scale != reference.Height || lr.Channels != reference.Channels)
            throw new ArgumentException($"{name}: LR {lr.Width}x{lr.Height}x{lr.Channels} does not match HR {reference.Width}x{reference.Height}x{reference.Channels} at x{Scale}");
        var sr = resolver.Upscale(lr);
        if (sr.Width != reference.Width || sr.Height != reference.Height)
            throw new InvalidOperationException($"{name}: the super-resolver returned {sr.Width}x{sr.Height}, expected {reference.Width}x{reference.Height}");

        double niqe = computeNiqe && NiqeFits(sr) ? Niqe.Compute(sr, CropBorder) : double.NaN;
        return new ImageScore(name, ImageMetrics.PsnrY(sr, reference, CropBorder), ImageMetrics.SsimY(sr, reference, CropBorder), niqe);
    }

    private bool NiqeFits(Image image) => Niqe.Fits(image.Height - 2 * CropBorder, image.Width - 2 * CropBorder);

    private string FindLr(Dictionary<string, string> lrFiles, string name, string lrDirectory) =>
        lrFiles.TryGetValue(name, out var path) || lrFiles.TryGetValue($"{name}x{Scale}", out path) ? path
            : throw new ArgumentException($"{lrDirectory}: no LR image for '{name}' (looked for {name}.* and {name}x{Scale}.*)");

    /// <summary>"Set14/HR" is called Set14: a folder named HR or GT takes its parent's name.</summary>
    private static string SetName(string directory)
    {
        var dir = new DirectoryInfo(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        bool generic = dir.Name.Equals("HR", StringComparison.OrdinalIgnoreCase) || dir.Name.Equals("GT", StringComparison.OrdinalIgnoreCase);
        return generic && dir.Parent is not null ? dir.Parent.Name : dir.Name;
    }
}
