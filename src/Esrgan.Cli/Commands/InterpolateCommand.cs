using System.CommandLine;
using Esrgan.Cli.Options;
using Esrgan.Formats;
using Esrgan.Models;

namespace Esrgan.Cli.Commands;

/// <summary>esrgan interpolate PSNR_MODEL GAN_MODEL --alpha A -o OUT.safetensors (network interpolation, Eq. 4).</summary>
internal static class InterpolateCommand
{
    public static Command Create()
    {
        var psnr = new Argument<string>("psnr-model") { Description = "The PSNR-oriented model (alpha 0): file or registered name" };
        var gan = new Argument<string>("gan-model") { Description = "The GAN model (alpha 1): file or registered name" };
        var alpha = OptionRules.Between("--alpha", "Weight of the GAN model", 0, 1);
        alpha.Required = true;
        var output = new Option<string>("--output", "-o") { Description = "Output .safetensors file", Required = true };
        var command = new Command("interpolate", "Blend the weights of a PSNR and a GAN model of the same architecture");
        command.Arguments.Add(psnr);
        command.Arguments.Add(gan);
        command.Options.Add(alpha);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            double a = parse.GetValue(alpha)!.Value;
            string target = parse.GetValue(output)!;
            if (!target.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"{target}: the interpolated model is written as .safetensors");
            string psnrPath = parse.GetValue(psnr)!, ganPath = parse.GetValue(gan)!;
            var first = InfoCommand.LoadModel(psnrPath);
            var second = InfoCommand.LoadModel(ganPath);
            var weights = NetworkInterpolation.Interpolate(first, second, a, psnrPath, ganPath);
            ModelFile.SaveSafetensors(target, weights, first.Spec);
            Console.WriteLine($"{target}: {first.Spec}, alpha {a}");
            return 0;
        });
        return command;
    }
}
