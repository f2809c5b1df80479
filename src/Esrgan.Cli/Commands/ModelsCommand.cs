using System.CommandLine;
using Esrgan.Upscaling;

namespace Esrgan.Cli.Commands;

/// <summary>esrgan models: the registered model names every command accepts, and whether each is cached here.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List the registered models (usable by name wherever a model is asked for)");
        command.SetAction(_ =>
        {
            Console.WriteLine($"{"name",-20} {"architecture",-40} {"scale",-5} {"licence",-13} cached");
            foreach (var m in RegisteredModels.All)
            {
                string file = ModelStore.CachedFile(m.Name);
                string cached = File.Exists(file) ? file : "no (fetched with npm on first use)";
                Console.WriteLine($"{m.Name,-20} {m.Architecture,-40} {"x" + m.Scale,-5} {m.Licence,-13} {cached}");
            }
            Console.WriteLine($"default: {ModelStore.DefaultModel}; model folder: {ModelStore.Folder} (ESRGAN_MODEL_DIR)");
            return 0;
        });
        return command;
    }
}
