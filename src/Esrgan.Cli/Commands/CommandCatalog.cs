using System.CommandLine;

namespace Esrgan.Cli.Commands;

/// <summary>Every subcommand of the CLI; each lives in its own file and is listed here once.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return UpscaleCommand.Create();
        yield return InterpolateCommand.Create();
        yield return ModelsCommand.Create();
        yield return InfoCommand.Create();
        yield return ConvertCommand.Create();
        yield return BenchCommand.Create();
        yield return DegradeCommand.Create();
        yield return EvaluateCommand.Create();
        yield return TrainCommand.Create();
        yield return ExtractSubimagesCommand.Create();
        yield return ManifestCommand.Create();
        yield return AllreduceBenchCommand.Create();
        yield return Serve.ServeCommand.Create();
    }
}
