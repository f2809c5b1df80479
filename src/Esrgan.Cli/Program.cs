using System.CommandLine;
using System.CommandLine.Help;
using Esrgan.Cli.Commands;
using Esrgan.Cli.Options;
using Esrgan.Evaluation;
using Esrgan.Cli.Upscale;

namespace Esrgan.Cli;

public static class Program
{
    /// <summary>The exit code of a command line that cannot be run as written (bad or unknown option, missing argument).</summary>
    public const int UsageErrorExitCode = 2;

    public static int Main(string[] args)
    {
        // Named for the command users type (the launcher and the .NET tool), not for this assembly's file name.
        var root = new Command("esrgan", "ESRGAN super-resolution: upscale, evaluate, train and convert models.") { Options = { new HelpOption(), new VersionOption() } };
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        SuperResolverCatalog.ModelResolver = model => SuperResolverCatalog.ForModel(ModelArgument.Open(model, Console.Error.WriteLine));
        try
        {
            var parse = root.Parse(args);
            if (!AsksForHelp(parse))
            {
                var errors = UnknownOptions.Find(parse).Concat(parse.Errors.Select(e => e.Message)).Distinct().ToList();
                foreach (string error in errors) Console.Error.WriteLine($"error: {error}");
                if (errors.Count > 0) return UsageErrorExitCode;
            }
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static bool AsksForHelp(ParseResult parse) => parse.Tokens.Any(t => t.Value is "-h" or "--help" or "-?");
}
