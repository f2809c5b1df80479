using System.CommandLine;
using Esrgan.Formats;

namespace Esrgan.Cli.Commands;

/// <summary>esrgan convert IN OUT.safetensors: any readable model file to this project's safetensors.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Model file to read (.pth, .safetensors, ncnn .param/.bin) or registered name" };
        var output = new Argument<string>("output") { Description = "Safetensors file to write" };
        var command = new Command("convert", "Convert a model file to safetensors with its architecture recorded");
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        command.SetAction(parse => InfoCommand.ReportingErrors(() =>
        {
            string target = parse.GetValue(output)!;
            if (!target.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"{target}: the output must be a .safetensors file");
            var loaded = InfoCommand.LoadModel(parse.GetValue(input)!);
            ModelFile.SaveSafetensors(target, loaded.Weights, loaded.Spec);
            Console.WriteLine($"{target}: {loaded.Spec} from {loaded.Format}, {loaded.Weights.Count} tensors, {loaded.Weights.ParameterCount:N0} parameters");
        }));
        return command;
    }
}
