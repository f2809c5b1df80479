using System.CommandLine;
using Esrgan.Cli.Options;
using Esrgan.Evaluation;

namespace Esrgan.Cli.Commands;

/// <summary>esrgan evaluate --hr DIR [--lr DIR] --model MODEL|bicubic --scale 4 [--json FILE]: the papers' PSNR-Y / SSIM-Y / NIQE table.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var hr = new Option<string[]>("--hr") { Description = "HR folder of a test set; repeat for several sets", Required = true };
        var lr = new Option<string[]>("--lr") { Description = "LR folder for each --hr, in the same order (default: MATLAB bicubic downscaling of the HR)" };
        var model = new Option<string>("--model") { Description = "Model file or registered name, or 'bicubic' for the bicubic baseline", Required = true };
        var scale = OptionRules.Int("--scale", "Upscaling factor; also the border cropped before PSNR/SSIM/NIQE", 4, 1, 16);
        var json = new Option<string>("--json") { Description = "Also write the per-image and mean scores to this JSON file" };
        var noNiqe = new Option<bool>("--no-niqe") { Description = "Skip NIQE" };
        var command = new Command("evaluate", "Score a model (or bicubic) on test sets: PSNR-Y, SSIM-Y (BasicSR conventions) and NIQE");
        foreach (var option in new Option[] { hr, lr, model, scale, json, noNiqe }) command.Options.Add(option);
        command.SetAction(parse => InfoCommand.ReportingErrors(() =>
        {
            string[] hrDirs = parse.GetValue(hr)!;
            string[] lrDirs = parse.GetValue(lr) ?? [];
            if (lrDirs.Length != 0 && lrDirs.Length != hrDirs.Length)
                throw new ArgumentException($"give one --lr per --hr ({hrDirs.Length} --hr, {lrDirs.Length} --lr), or none");
            int factor = parse.GetValue(scale);
            string modelName = parse.GetValue(model)!;

            var runner = new EvaluationRunner(SuperResolverCatalog.Resolve(modelName, factor), computeNiqe: !parse.GetValue(noNiqe));
            var sets = new List<SetScore>();
            for (int i = 0; i < hrDirs.Length; i++)
            {
                Console.WriteLine(ScoreTable.Header("image"));
                var set = runner.Run(hrDirs[i], lrDirs.Length == 0 ? null : lrDirs[i], s => Console.WriteLine(ScoreTable.Row(s.Name, s.PsnrY, s.SsimY, s.Niqe)));
                Console.WriteLine(ScoreTable.Row($"{set.Name} mean", set.Mean.PsnrY, set.Mean.SsimY, set.Mean.Niqe));
                Console.WriteLine();
                sets.Add(set);
            }
            if (sets.Count > 1)
            {
                Console.WriteLine(ScoreTable.Header("set"));
                foreach (var set in sets) Console.WriteLine(ScoreTable.Row(set.Name, set.Mean.PsnrY, set.Mean.SsimY, set.Mean.Niqe));
            }
            if (parse.GetValue(json) is { } jsonPath) EvaluationJson.Write(jsonPath, modelName, factor, sets);
        }));
        return command;
    }
}
