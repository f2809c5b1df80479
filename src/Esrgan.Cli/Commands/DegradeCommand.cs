using System.CommandLine;
using Esrgan.Cli.Options;
using Esrgan.Cli.Progress;
using Esrgan.Cli.Upscale;
using Esrgan.Evaluation;
using Esrgan.Imaging;
using Esrgan.Imaging.Resize;

namespace Esrgan.Cli.Commands;

/// <summary>
/// esrgan degrade HR -o LR --scale 4: the papers' LR images, made with MATLAB's bicubic imresize. Inputs and outputs
/// follow upscale's conventions: files or folders, NAME.png per input, existing files kept unless --overwrite, and a
/// bad file reported while the others are written.
/// </summary>
internal static class DegradeCommand
{
    public static Command Create()
    {
        var input = new Argument<string[]>("hr") { Description = "HR image files or folders (.png, .jpg, .webp)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the LR images (NAME.png), or a .png file for a single input", Required = true };
        var scale = OptionRules.Int("--scale", "Downscaling factor", 4, 1, 16);
        var skip = new Option<bool>("--skip-existing") { Description = "Leave outputs that already exist alone" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace outputs that already exist" };
        var command = new Command("degrade", "Make LR images as the papers do: crop HR to a multiple of the scale, MATLAB bicubic downscale, round like MATLAB");
        command.Arguments.Add(input);
        foreach (var o in new Option[] { output, scale, skip, overwrite }) command.Options.Add(o);
        OptionRules.Exclusive(command, skip, overwrite, "choose whether existing outputs are kept or replaced");
        command.SetAction(parse => InfoCommand.ReportingErrors(() =>
        {
            int factor = parse.GetValue(scale);
            var messages = ProgressView.StandardError();
            var files = InputFiles.Expand(parse.GetValue(input)!, recursive: false, messages.Warn);
            var plan = OutputPlan.For(files, parse.GetValue(output)!, "", ImageFormat.Png, flattenAlpha: false, messages.Warn);
            var (todo, skipped, failed) = ExistingOutputs.Partition(plan, parse.GetValue(skip), parse.GetValue(overwrite), messages.Message);
            foreach (var (file, path) in todo)
            {
                try
                {
                    var lr = BicubicDegradation.Downscale(ImageCodec.Read(file), factor);
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                    ImageCodec.Write(path, lr);
                    Console.WriteLine($"{path}: {lr.Width}x{lr.Height}");
                }
                catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
                {
                    messages.Message($"error: {FileErrorLine.For(file, e)}");
                    failed++;
                }
            }
            Console.WriteLine($"{plan.Count - failed - skipped} written, {skipped} skipped, {failed} failed");
            if (failed > 0) throw new IOException($"{failed} of {plan.Count} images failed");
        }));
        return command;
    }
}
