using System.Text.Json;
using Esrgan.Evaluation;
using Esrgan.IO;

namespace Esrgan.Cli.Commands;

/// <summary>The evaluate report as JSON; values that are not finite (no NIQE, identical images' PSNR) are null.</summary>
internal static class EvaluationJson
{
    public static void Write(string path, string model, int scale, IReadOnlyList<SetScore> sets)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteNumber("scale", scale);
            w.WriteNumber("crop_border", scale);
            w.WriteStartArray("sets");
            foreach (var set in sets)
            {
                w.WriteStartObject();
                w.WriteString("name", set.Name);
                w.WriteString("hr", set.HrDirectory);
                if (set.LrDirectory is null) w.WriteString("lr", "matlab-bicubic");
                else w.WriteString("lr", set.LrDirectory);
                w.WriteStartArray("images");
                foreach (var image in set.Images)
                {
                    w.WriteStartObject();
                    w.WriteString("name", image.Name);
                    Scores(w, image.PsnrY, image.SsimY, image.Niqe);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartObject("mean");
                Scores(w, set.Mean.PsnrY, set.Mean.SsimY, set.Mean.Niqe);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        AtomicFile.WriteAllBytes(path, buffer.ToArray());
    }

    private static void Scores(Utf8JsonWriter w, double psnr, double ssim, double niqe)
    {
        Number(w, "psnr_y", psnr);
        Number(w, "ssim_y", ssim);
        Number(w, "niqe", niqe);
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }
}
