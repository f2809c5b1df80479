namespace Esrgan.Evaluation;

/// <summary>Scores of one SR image against its HR. Niqe is NaN when the image is too small for two of NIQE's 96x96 blocks or NIQE was not asked for.</summary>
internal sealed record ImageScore(string Name, double PsnrY, double SsimY, double Niqe);

/// <summary>Means over a set's images; NIQE averages the images that have one (NaN if none).</summary>
internal sealed record ScoreMeans(double PsnrY, double SsimY, double Niqe)
{
    public static ScoreMeans Of(IReadOnlyList<ImageScore> images)
    {
        if (images.Count == 0) return new ScoreMeans(double.NaN, double.NaN, double.NaN);
        var niqe = images.Select(i => i.Niqe).Where(v => !double.IsNaN(v)).ToArray();
        return new ScoreMeans(images.Average(i => i.PsnrY), images.Average(i => i.SsimY), niqe.Length == 0 ? double.NaN : niqe.Average());
    }
}

/// <summary>One test set: where it came from, each image's scores and the means.</summary>
internal sealed record SetScore(string Name, string HrDirectory, string? LrDirectory, IReadOnlyList<ImageScore> Images, ScoreMeans Mean);
