using System.CommandLine;
using Esrgan.Cli.Options;
using Esrgan.Evaluation;
using Esrgan.Imaging;
using Esrgan.Imaging.Resize;

namespace Esrgan.Cli.Commands;

/// <summary>esrgan degrade HR_DIR -o LR_DIR --scale 4: the papers' LR images, made with MATLAB's bicubic imresize.</summary>
internal static class DegradeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("hr") { Description = "Folder of HR images (.png, .jpg, .webp)" };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the LR images (written as .png)", Required = true };
        var scale = OptionRules.Int("--scale", "Downscaling factor", 4, 1, 16);
        var command = new Command("degrade", "Make LR images as the papers do: crop HR to a multiple of the scale, MATLAB bicubic downscale, round like MATLAB");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.Options.Add(scale);
        command.SetAction(parse => InfoCommand.ReportingErrors(() =>
        {
            int factor = parse.GetValue(scale);
            string target = parse.GetValue(output)!;
            Directory.CreateDirectory(target);
            foreach (string file in ImageFolder.List(parse.GetValue(input)!))
            {
                var lr = BicubicDegradation.Downscale(ImageCodec.Read(file), factor);
                string path = Path.Combine(target, Path.GetFileNameWithoutExtension(file) + ".png");
                ImageCodec.Write(path, lr);
                Console.WriteLine($"{path}: {lr.Width}x{lr.Height}");
            }
        }));
        return command;
    }
}
