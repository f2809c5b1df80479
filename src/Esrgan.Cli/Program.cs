using System.CommandLine;
using Esrgan.Cli.Commands;
using Esrgan.Evaluation;
using Esrgan.Cli.Upscale;

namespace Esrgan.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("ESRGAN super-resolution: upscale, evaluate, train and convert models.");
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        SuperResolverCatalog.ModelResolver = model => SuperResolverCatalog.ForModel(ModelArgument.Open(model));
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
